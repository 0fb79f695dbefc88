/** HTTP GET of feeds with undici: the one file that imports undici for feeds. */
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Agent, type Dispatcher, request } from "undici";
import { AppError, type ErrorCode } from "../errors.ts";

/** One feed request. */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  timeoutMs: number;
  userAgent: string;
  /** Extra headers (auth for private feeds); never logged. */
  headers?: Readonly<Record<string, string>>;
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

/** A failed fetch: the HTTP status when there was one, and whether retrying later may help. */
export class FetchError extends AppError {
  readonly status: number | null;
  readonly url: string;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number | null; url: string; cause?: unknown },
  ) {
    super(code, message, { cause: opts.cause });
    this.status = opts.status ?? null;
    this.url = opts.url;
  }
}

/** Limits shared by every fetch of a run. */
export interface FetcherOptions {
  maxBytes: number;
  connectTimeoutMs: number;
  retries: number;
  maxRedirects?: number;
  /** Injected for tests: wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

/** Fetches feeds through one connection pool. */
export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}

const TRANSIENT = new Set([429, 500, 502, 503, 504]);

/** Create a fetcher with its own connection pool. */
export function createFetcher(opts: FetcherOptions): Fetcher {
  const agent = new Agent({ connect: { timeout: opts.connectTimeoutMs } });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async fetch(req) {
      let attempt = 0;
      for (;;) {
        attempt++;
        try {
          return { ...(await once(agent, req, opts)), attempts: attempt };
        } catch (err) {
          const transient =
            err instanceof FetchError &&
            (err.code === "FETCH_NETWORK" || err.code === "FETCH_TIMEOUT" || TRANSIENT.has(err.status ?? 0));
          if (!transient || attempt > opts.retries || req.signal?.aborted) throw err;
          await sleep(Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
        }
      }
    },
    close: () => agent.close(),
  };
}

async function once(
  agent: Dispatcher,
  req: FetchRequest,
  opts: FetcherOptions,
): Promise<Omit<FetchResult, "attempts">> {
  const signal = req.signal
    ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)])
    : AbortSignal.timeout(req.timeoutMs);
  const headers: Record<string, string> = {
    "user-agent": req.userAgent,
    accept:
      "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
    "accept-encoding": "gzip, deflate, br",
    ...req.headers,
  };
  if (req.etag) headers["if-none-match"] = req.etag;
  if (req.lastModified) headers["if-modified-since"] = req.lastModified;
  let url = req.url;
  let permanentUrl: string | null = null;
  let permanentChain = true;
  const seen = new Set<string>([url]);
  for (let hop = 0; ; hop++) {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: agent,
        headers,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
    } catch (err) {
      throw transportError(err, url, req.timeoutMs, signal);
    }
    const h = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    };
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && h("location")) {
      await res.body.dump();
      const next = new URL(h("location")!, url).href;
      if (seen.has(next))
        throw new FetchError("FETCH_REDIRECT", `redirect loop at ${next}`, { url, status: res.statusCode });
      if (hop + 1 > (opts.maxRedirects ?? 5))
        throw new FetchError("FETCH_REDIRECT", `more than ${opts.maxRedirects ?? 5} redirects`, { url });
      seen.add(next);
      permanentChain &&= res.statusCode === 301 || res.statusCode === 308;
      if (permanentChain) permanentUrl = next;
      url = next;
      continue;
    }
    const base = {
      status: res.statusCode,
      url,
      contentType: h("content-type"),
      etag: h("etag"),
      lastModified: h("last-modified"),
      permanentUrl,
    };
    if (res.statusCode === 304) {
      await res.body.dump();
      return { ...base, notModified: true, body: new Uint8Array(), bytes: 0 };
    }
    if (res.statusCode !== 200) {
      await res.body.dump().catch(() => {});
      const code = res.statusCode === 410 ? "FETCH_GONE" : "FETCH_HTTP";
      throw new FetchError(code, `HTTP ${res.statusCode}`, { url, status: res.statusCode });
    }
    const { body, bytes } = await readBody(
      res,
      h("content-encoding"),
      opts.maxBytes,
      url,
      req.timeoutMs,
      signal,
    );
    return { ...base, notModified: false, body, bytes };
  }
}

async function readBody(
  res: Dispatcher.ResponseData,
  encoding: string | null,
  maxBytes: number,
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ body: Uint8Array; bytes: number }> {
  const enc = (encoding ?? "").trim().toLowerCase();
  const decoder =
    enc === "gzip" || enc === "x-gzip"
      ? createGunzip()
      : enc === "deflate"
        ? createInflate()
        : enc === "br"
          ? createBrotliDecompress()
          : null;
  let wire = 0;
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = () =>
    new FetchError("FETCH_TOO_LARGE", `body larger than ${maxBytes} bytes`, { url, status: 200 });
  try {
    if (!decoder) {
      for await (const chunk of res.body) {
        wire += chunk.length;
        size += chunk.length;
        if (size > maxBytes) throw tooLarge();
        chunks.push(chunk as Buffer);
      }
    } else {
      const counted = (async function* () {
        for await (const chunk of res.body) {
          wire += chunk.length;
          if (wire > maxBytes) throw tooLarge();
          yield chunk as Buffer;
        }
      })();
      const out = (await import("node:stream")).Readable.from(counted).pipe(decoder);
      for await (const chunk of out) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw tooLarge();
        chunks.push(chunk as Buffer);
      }
    }
  } catch (err) {
    res.body.destroy();
    if (err instanceof FetchError) throw err;
    throw transportError(err, url, timeoutMs, signal);
  }
  return { body: Buffer.concat(chunks), bytes: wire };
}

function transportError(err: unknown, url: string, timeoutMs: number, signal: AbortSignal): FetchError {
  const e = err as { code?: string; name?: string; message?: string };
  if (signal.aborted || e.name === "TimeoutError" || /TIMEOUT/.test(e.code ?? "")) {
    return new FetchError("FETCH_TIMEOUT", `timed out after ${timeoutMs} ms`, { url, cause: err });
  }
  const detail = e.code ? `${e.code}${e.message ? `: ${e.message}` : ""}` : (e.message ?? String(err));
  return new FetchError("FETCH_NETWORK", `network error: ${detail.replace(/\s+/g, " ")}`, {
    url,
    cause: err,
  });
}
