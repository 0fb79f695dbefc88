/** One article page over feedwright's own HTTP client: robots.txt first, text/html, decoded like feeds. */
import { decodeBytes } from "../decode.ts";
import { FetchError } from "../fetch-error.ts";
import type { Fetcher } from "../fetch-types.ts";
import type { RobotsCheck } from "./robots.ts";

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

/** Why a page could not be had: a short cause (reported once per cause), the details, and whether trying later may help. */
export interface PageFailure {
  kind: "failed";
  /** "403", "timeout", "disallowed by robots.txt", "not HTML" … */
  cause: string;
  detail: string;
  transient: boolean;
}

const ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";
const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** What a FetchError means for an article: its short cause, and whether a later draft should try again. */
export function pageFailure(err: unknown): PageFailure {
  if (!(err instanceof FetchError))
    return {
      kind: "failed",
      cause: "error",
      detail: String((err as Error)?.message ?? err),
      transient: true,
    };
  const detail = err.message;
  switch (err.code) {
    case "FETCH_HTTP":
    case "FETCH_GONE": {
      const s = err.status ?? 0;
      return { kind: "failed", cause: String(s), detail, transient: s >= 500 || s === 429 || s === 408 };
    }
    case "FETCH_TIMEOUT":
      return { kind: "failed", cause: "timeout", detail, transient: true };
    case "FETCH_BLOCKED":
      return { kind: "failed", cause: "private address blocked", detail, transient: false };
    case "FETCH_TOO_LARGE":
      return { kind: "failed", cause: "too large", detail, transient: false };
    case "FETCH_REDIRECT":
      return { kind: "failed", cause: "bad redirect", detail, transient: false };
    default:
      return { kind: "failed", cause: "network error", detail, transient: true };
  }
}

/** Fetch one article page (conditionally when validators are given); never throws for the page's own failures. */
export async function fetchPage(
  fetcher: Fetcher,
  robots: RobotsCheck | null,
  req: PageRequest,
): Promise<PageResult> {
  if (robots) {
    const verdict = await robots.check(req.url);
    if (!verdict.allowed)
      return { kind: "failed", cause: "disallowed by robots.txt", detail: verdict.reason, transient: false };
  }
  const sameOrigin = new URL(req.url).origin === new URL(req.feedUrl).origin;
  try {
    const res = await fetcher.fetch({
      url: req.url,
      etag: req.etag ?? null,
      lastModified: req.lastModified ?? null,
      userAgent: req.userAgent,
      timeoutMs: req.timeoutMs,
      accept: ACCEPT_HTML,
      ...(sameOrigin && req.headers ? { headers: req.headers } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
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
    return pageFailure(err);
  }
}
