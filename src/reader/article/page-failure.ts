/** Why an article page could not be had, as a short cause a draft reports once per cause. */
import { FetchError } from "../http/fetch-error.ts";

/** Why a page could not be had: a short cause (reported once per cause), the details, and whether trying later may help. */
export interface PageFailure {
  kind: "failed";
  /** "403", "timeout", "disallowed by robots.txt", "not HTML" … */
  cause: string;
  detail: string;
  transient: boolean;
}

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
