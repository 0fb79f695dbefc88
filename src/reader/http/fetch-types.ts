/** The fetcher's contract: requests, results, options (reader/http/fetch.ts implements it with undici). */

/** One feed request. */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  /** Limit for one attempt: connect, headers and the whole body. */
  timeoutMs: number;
  userAgent: string;
  /** Extra headers (auth for private feeds); never logged, never sent to another origin. */
  headers?: Readonly<Record<string, string>>;
  /** The Accept header; feed types by default (article pages ask for text/html). */
  accept?: string;
  signal?: AbortSignal;
}

/** What a fetch returned. A 304 has `notModified` and an empty body. */
export interface FetchResult {
  status: number;
  /** The URL the body came from, after redirects. */
  url: string;
  notModified: boolean;
  body: Uint8Array;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Where a chain of permanent redirects (301/308) from the requested URL ended, or null. */
  permanentUrl: string | null;
  /** Bytes received on the wire (before decompression). */
  bytes: number;
  attempts: number;
}

/** Proxy settings (from HTTPS_PROXY / HTTP_PROXY / NO_PROXY; the caller reads the environment). */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** Limits shared by every fetch of a run. */
export interface FetcherOptions {
  maxBytes: number;
  connectTimeoutMs: number;
  retries: number;
  maxRedirects?: number;
  /** Connections at once per origin: a backstop for the scheduler's per-host limit. */
  perHost?: number;
  /** The longest Retry-After the run waits for; longer ones become the feed's next allowed poll. */
  retryAfterMaxMs?: number;
  blockPrivateNetworks?: boolean;
  proxy?: ProxySettings;
  /** Injected for tests: the clock (ms), wait between retries, and jitter. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Fetches feeds through one connection pool. */
export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
