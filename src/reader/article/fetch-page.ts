/** One article page over feedwright's own HTTP client: text/html, the feed's headers for its own origin only, decoded like feeds. */
import { decodeBytes } from "../charset/decode.ts";
import type { Fetcher } from "../http/fetch-types.ts";
import { type PageFailure, pageFailure } from "./page-failure.ts";

export type { PageFailure } from "./page-failure.ts";

/** One page request; `headers` are the feed's, sent only when the page shares the feed's origin. */
export interface PageRequest {
  url: string;
  /** The feed's own URL: its configured headers (credentials) go to this origin only. */
  feedUrl: string;
  headers?: Readonly<Record<string, string>>;
  etag?: string | null;
  lastModified?: string | null;
  userAgent: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A fetched page, a 304 for a stored one, or why there is none. */
export type PageResult =
  | { kind: "page"; url: string; html: string; etag: string | null; lastModified: string | null }
  | { kind: "not-modified"; etag: string | null; lastModified: string | null }
  | PageFailure;

const ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";
const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Fetch one article page (conditionally when validators are given); never throws for the page's own failures. */
export async function fetchPage(fetcher: Fetcher, req: PageRequest): Promise<PageResult> {
  const sameOrigin = new URL(req.url).origin === new URL(req.feedUrl).origin;
  // One timeout for the whole page, retries included: a slow article server costs a draft at most
  // its timeout per item, never (retries + 1) of them.
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  try {
    const res = await fetcher.fetch({
      url: req.url,
      etag: req.etag ?? null,
      lastModified: req.lastModified ?? null,
      userAgent: req.userAgent,
      timeoutMs: req.timeoutMs,
      accept: ACCEPT_HTML,
      ...(sameOrigin && req.headers ? { headers: req.headers } : {}),
      signal,
    });
    if (res.notModified) return { kind: "not-modified", etag: res.etag, lastModified: res.lastModified };
    if (res.contentType && !HTML_TYPE.test(res.contentType)) {
      const type = res.contentType
        .split(";")[0]!
        .trim()
        .replace(/[^\w.+/-]/g, "");
      return { kind: "failed", cause: "not HTML", detail: `the page is ${type}`, transient: false };
    }
    const { text } = decodeBytes(res.body, res.contentType ?? undefined);
    return { kind: "page", url: res.url, html: text, etag: res.etag, lastModified: res.lastModified };
  } catch (err) {
    if (deadline.aborted && !req.signal?.aborted)
      return {
        kind: "failed",
        cause: "timeout",
        detail: `no page within ${req.timeoutMs} ms`,
        transient: true,
      };
    return pageFailure(err);
  }
}
