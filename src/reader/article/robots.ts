/** robots.txt for article pages (robots-parser behind this one file), fetched once per origin per run. */
import robotsParserModule from "robots-parser";
import { FetchError } from "../http/fetch-error.ts";
import type { Fetcher } from "../http/fetch-types.ts";
import { type PageFailure, pageFailure } from "./page-failure.ts";

/** Answers "may feedwright fetch this page?" (null: yes), asking each origin's robots.txt at most once. */
export interface RobotsCheck {
  check(url: string): Promise<PageFailure | null>;
}

/** How robots.txt is fetched: the run's fetcher and the same limits as article pages. */
export interface RobotsOptions {
  fetcher: Fetcher;
  userAgent: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

// The package is CommonJS whose typings say `export default`: under nodenext the default import is
// module.exports itself, which is that function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type Rules = ReturnType<typeof robotsParser> | PageFailure | null;

/**
 * A per-run robots.txt cache. RFC 9309: a 4xx (no robots.txt) allows everything; a 5xx or an
 * unreachable server disallows everything, since the site may be saying "not now".
 */
export function createRobotsCheck(o: RobotsOptions): RobotsCheck {
  const byOrigin = new Map<string, Promise<Rules>>();
  const load = async (origin: string): Promise<Rules> => {
    const url = `${origin}/robots.txt`;
    // Like a page, robots.txt gets one timeout, retries included.
    const deadline = AbortSignal.timeout(o.timeoutMs);
    try {
      const res = await o.fetcher.fetch({
        url,
        userAgent: o.userAgent,
        timeoutMs: o.timeoutMs,
        accept: "text/plain, */*;q=0.5",
        signal: o.signal ? AbortSignal.any([o.signal, deadline]) : deadline,
      });
      return robotsParser(url, Buffer.from(res.body).toString("utf8"));
    } catch (err) {
      if (err instanceof FetchError && err.status !== null && err.status >= 400 && err.status < 500)
        return null;
      // The page is not asked for either: report what kept robots.txt from answering.
      const f =
        deadline.aborted && !o.signal?.aborted
          ? {
              ...pageFailure(err),
              cause: "timeout",
              detail: `no answer within ${o.timeoutMs} ms`,
              transient: true,
            }
          : pageFailure(err);
      return { ...f, detail: `robots.txt of ${origin}: ${f.detail}` };
    }
  };
  return {
    async check(url) {
      const origin = new URL(url).origin;
      let rules = byOrigin.get(origin);
      if (!rules) {
        rules = load(origin);
        byOrigin.set(origin, rules);
      }
      const r = await rules;
      if (r === null || "kind" in r) return r;
      // robots-parser matches the product token ("feedwright" of "feedwright/1.2 (+…)").
      if (r.isDisallowed(url, o.userAgent) !== true) return null;
      const line = r.getMatchingLineNumber(url, o.userAgent);
      return {
        kind: "failed",
        cause: "disallowed by robots.txt",
        detail: `${origin}/robots.txt line ${line} disallows ${new URL(url).pathname}`,
        transient: false,
      };
    },
  };
}
