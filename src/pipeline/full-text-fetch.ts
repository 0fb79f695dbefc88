/** The network part of full text: robots.txt, then the pages, at most `fetch.perHost` at once per host. */
import type { Config } from "../config.ts";
import { fetchPage, type PageResult } from "../reader/article/fetch-page.ts";
import { createRobotsCheck } from "../reader/article/robots.ts";
import type { Fetcher } from "../reader/http/fetch-types.ts";
import { hostOf, runPerHost } from "../reader/http/hostlimit.ts";
import type { StoredArticle } from "../store/articles.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { fetcherFor } from "./fetcher.ts";
import type { Plan } from "./full-text-row.ts";

/** Fetch each plan's page (conditionally when a page is stored); failures are results, never thrown. */
export async function fetchPages(
  config: Config,
  plans: readonly Plan[],
  stored: ReadonlyMap<string, StoredArticle>,
  opts: { now: Date; env?: NodeJS.ProcessEnv; fetcher?: Fetcher; signal?: AbortSignal },
): Promise<{ results: Map<string, PageResult>; requests: number }> {
  const results = new Map<string, PageResult>();
  let requests = 0;
  const fetcher = opts.fetcher ?? fetcherFor(config, opts.env, () => opts.now);
  const userAgent = config.fetch.userAgent ?? DEFAULT_USER_AGENT;
  const robots = config.fetch.robots
    ? createRobotsCheck({ fetcher, userAgent, timeoutMs: config.fetch.timeout, signal: opts.signal })
    : null;
  try {
    await runPerHost(
      plans,
      (p) => hostOf(p.url),
      config.fetch,
      async (p) => {
        const refused = robots ? await robots.check(p.url) : null;
        if (refused) {
          results.set(p.url, refused);
          return;
        }
        const old = stored.get(p.url);
        const page = old?.status === "page" ? old : undefined;
        requests++;
        const result = await fetchPage(fetcher, {
          url: p.url,
          feedUrl: p.feed?.url ?? p.url,
          headers: p.feed?.headers,
          etag: page?.etag,
          lastModified: page?.lastModified,
          userAgent: p.feed?.userAgent ?? userAgent,
          timeoutMs: p.feed?.timeout ?? config.fetch.timeout,
          signal: opts.signal,
        });
        results.set(p.url, result);
      },
    );
  } finally {
    if (!opts.fetcher) await fetcher.close();
  }
  return { results, requests };
}
