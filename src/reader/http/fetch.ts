/** HTTP GET of feeds with undici: the one file that imports undici for feeds. */

import { abortableSleep } from "../../sleep.ts";
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from "../../undici.ts";
import { readBody } from "./body.ts";
import { FetchError } from "./fetch-error.ts";
import { describeTransportError } from "./fetch-errors.ts";
import type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from "./fetch-types.ts";
import { blockedHost, guardedLookup } from "./netguard.ts";
import { createRetrier, parseRetryAfter } from "./retry.ts";

// process.getBuiltinModule, not an import: the ESM form of node:http loads Node's bundled undici
// (about 7 MB that a long-running daemon would keep for one table of reason phrases).
const STATUS_TEXT: Record<number, string | undefined> = process.getBuiltinModule("node:http").STATUS_CODES;

export { FetchError } from "./fetch-error.ts";
export type { Fetcher, FetcherOptions, FetchRequest, FetchResult, ProxySettings } from "./fetch-types.ts";

const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5";

function createDispatcher(opts: FetcherOptions): Dispatcher {
  const connect = {
    timeout: opts.connectTimeoutMs,
    ...(opts.blockPrivateNetworks ? { lookup: guardedLookup } : {}),
  };
  const base = { connect, connections: opts.perHost ?? null };
  const p = opts.proxy ?? {};
  if (!p.httpProxy && !p.httpsProxy) return new Agent(base);
  // Empty strings, not undefined: undici would otherwise read process.env behind our back.
  return new EnvHttpProxyAgent({
    ...base,
    httpProxy: p.httpProxy ?? "",
    httpsProxy: p.httpsProxy ?? p.httpProxy ?? "",
    noProxy: p.noProxy ?? "",
  });
}

/** Create a fetcher with its own connection pool. */
export function createFetcher(opts: FetcherOptions): Fetcher {
  const dispatcher = createDispatcher(opts);
  const now = opts.now ?? Date.now;
  const retrier = createRetrier({
    retries: opts.retries,
    retryAfterMaxMs: opts.retryAfterMaxMs ?? 60_000,
    now,
    sleep: opts.sleep ?? abortableSleep,
    random: opts.random ?? Math.random,
  });
  return {
    async fetch(req) {
      const { value, attempts } = await retrier.run(req.url, req.signal, () =>
        once(dispatcher, req, opts, now),
      );
      return { ...value, attempts };
    },
    close: () => dispatcher.close(),
  };
}

const first = (v: string | string[] | undefined): string | null =>
  Array.isArray(v) ? (v[0] ?? null) : (v ?? null);

async function once(
  dispatcher: Dispatcher,
  req: FetchRequest,
  opts: FetcherOptions,
  now: () => number,
): Promise<Omit<FetchResult, "attempts">> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const origin = new URL(req.url).origin;
  const maxRedirects = opts.maxRedirects ?? 5;
  let url = req.url;
  let permanentUrl: string | null = null;
  let permanentChain = true;
  const seen = new Set<string>([url]);
  for (let hop = 0; ; hop++) {
    if (opts.blockPrivateNetworks) {
      const why = blockedHost(url);
      if (why)
        throw new FetchError("FETCH_BLOCKED", `blocked by fetch.blockPrivateNetworks: ${why}`, { url });
    }
    const headers: Record<string, string> = {
      "user-agent": req.userAgent,
      accept: req.accept ?? ACCEPT,
      "accept-encoding": "gzip, deflate, br",
      // Credentials are for the configured site only: a redirect elsewhere must not receive them.
      ...(new URL(url).origin === origin ? req.headers : {}),
    };
    if (req.etag) headers["if-none-match"] = req.etag;
    if (req.lastModified) headers["if-modified-since"] = req.lastModified;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher,
        headers,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
    } catch (err) {
      throw describeTransportError(err, url, req, timeout);
    }
    const h = (name: string) => first(res.headers[name]);
    const status = res.statusCode;
    if (status >= 300 && status < 400 && status !== 304) {
      await res.body.dump().catch(() => {});
      const location = h("location");
      if (!location)
        throw new FetchError("FETCH_HTTP", `HTTP ${status} redirect without a Location`, { url, status });
      const target = URL.parse(location, url);
      if (!target || (target.protocol !== "http:" && target.protocol !== "https:")) {
        throw new FetchError(
          "FETCH_REDIRECT",
          `redirect to a non-http(s) location ${JSON.stringify(location)}`,
          {
            url,
            status,
          },
        );
      }
      const next = target.href;
      if (seen.has(next)) throw new FetchError("FETCH_REDIRECT", `redirect loop at ${next}`, { url, status });
      if (hop + 1 > maxRedirects)
        throw new FetchError("FETCH_REDIRECT", `more than ${maxRedirects} redirects`, { url, status });
      seen.add(next);
      permanentChain &&= status === 301 || status === 308;
      if (permanentChain) permanentUrl = next;
      url = next;
      continue;
    }
    const base = {
      status,
      url,
      contentType: h("content-type"),
      etag: h("etag"),
      lastModified: h("last-modified"),
      permanentUrl,
    };
    if (status === 304) {
      await res.body.dump().catch(() => {});
      return { ...base, notModified: true, body: new Uint8Array(), bytes: 0 };
    }
    if (status < 200 || status >= 300) {
      await res.body.dump().catch(() => {});
      const wait = parseRetryAfter(h("retry-after"), now());
      throw new FetchError(
        status === 410 ? "FETCH_GONE" : "FETCH_HTTP",
        `HTTP ${status} ${STATUS_TEXT[status] ?? ""}`.trim(),
        {
          url,
          status,
          retryAt: wait === null ? null : new Date(now() + wait).toISOString(),
        },
      );
    }
    const declared = Number(h("content-length") ?? Number.NaN);
    if (declared > opts.maxBytes) {
      res.body.destroy();
      throw new FetchError(
        "FETCH_TOO_LARGE",
        `Content-Length ${declared} is larger than fetch.maxBytes (${opts.maxBytes} bytes)`,
        { url, status },
      );
    }
    try {
      const { body, wire } = await readBody(res.body, h("content-encoding"), opts.maxBytes, url);
      return { ...base, notModified: false, body, bytes: wire };
    } catch (err) {
      res.body.destroy();
      if (err instanceof FetchError) throw err;
      throw describeTransportError(err, url, req, timeout);
    }
  }
}
