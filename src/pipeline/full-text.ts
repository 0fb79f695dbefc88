/** Full text for the items a draft shows: decide per item, fetch what is missing (politely), extract, refuse, store. */
import type { Config } from "../config.ts";
import type { Selection } from "../digest/select.ts";
import { fetchPage, type PageResult } from "../reader/article/fetch-page.ts";
import { createRobotsCheck } from "../reader/article/robots.ts";
import { entryText, teaserReason } from "../reader/article/teaser.ts";
import type { Fetcher } from "../reader/fetch-types.ts";
import { hostOf, runPerHost } from "../reader/hostlimit.ts";
import { getArticles, putArticles, type StoredArticle } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { count, type FullTextReport, mergeFetched, type Plan, useRow } from "./full-text-row.ts";
import { fetcherFor } from "./refresh.ts";

export type { FullTextReport, ItemText } from "./full-text-row.ts";

/** What a draft's full-text step needs from its command. */
export interface FullTextOptions {
  now: Date;
  /** `draft --refresh-full-text`: ask every server again (conditionally). */
  refresh?: boolean;
  /** Where proxy settings come from when the fetcher is created here. */
  env?: NodeJS.ProcessEnv;
  /** A fetcher to reuse (the daemon's, or a test's); created and closed here otherwise. */
  fetcher?: Fetcher;
  signal?: AbortSignal;
}

/** A failed page is asked again by a later draft only after this long (timeouts and 5xx; others wait for --refresh-full-text). */
const RETRY_TRANSIENT_MS = 60 * 60_000;

/** Decide, fetch, extract and store the full text of the selection's items; failures are reported, never thrown. */
export async function gatherFullText(
  config: Config,
  db: Db,
  selection: Pick<Selection, "items">,
  opts: FullTextOptions,
): Promise<FullTextReport> {
  const report: FullTextReport = { items: new Map(), problems: new Map(), requests: 0 };
  const plans: Plan[] = [];
  for (const { entry } of selection.items) {
    const feed = config.feeds.find((f) => f.id === entry.feedId);
    const mode = feed?.fullText ?? config.fetch.fullText;
    if (mode === "never") continue;
    const minChars = feed?.fullTextMinChars ?? config.fetch.fullTextMinChars;
    const teaserText = entryText(entry);
    const teaser = teaserReason(teaserText, minChars);
    const url = entry.url ?? entry.link;
    const base = { entryId: entry.id, article: null, teaser: teaser !== null };
    if (mode === "auto" && teaser === null) {
      report.items.set(entry.id, { ...base, source: "feed text", detail: "not a teaser (fullText: auto)" });
      continue;
    }
    if (!url) {
      report.items.set(entry.id, { ...base, source: "feed text", detail: "the entry has no link" });
      continue;
    }
    const selector = feed?.fullTextSelector ?? config.fetch.fullTextSelector;
    const remove = feed?.fullTextRemove ?? config.fetch.fullTextRemove;
    plans.push({
      entry,
      feed,
      url,
      teaser,
      teaserText,
      rules: { ...(selector ? { selector } : {}), remove },
    });
  }
  if (plans.length === 0) return report;

  const stored = await getArticles(
    db,
    plans.map((p) => p.url),
  );
  const now = opts.now.getTime();
  const due = (a: StoredArticle | undefined) =>
    !a ||
    opts.refresh === true ||
    (a.status === "failed" && a.transient && now - Date.parse(a.fetchedAt) >= RETRY_TRANSIENT_MS);
  const toFetch = [...new Map(plans.filter((p) => due(stored.get(p.url))).map((p) => [p.url, p])).values()];
  const fetched = new Map<string, PageResult>();
  if (toFetch.length > 0) {
    const fetcher = opts.fetcher ?? fetcherFor(config, opts.env, () => opts.now);
    const userAgent = config.fetch.userAgent ?? DEFAULT_USER_AGENT;
    const robots = config.fetch.robots
      ? createRobotsCheck({ fetcher, userAgent, timeoutMs: config.fetch.timeout, signal: opts.signal })
      : null;
    try {
      await runPerHost(
        toFetch,
        (p) => hostOf(p.url),
        config.fetch,
        async (p) => {
          const refused = robots ? await robots.check(p.url) : null;
          if (refused) {
            fetched.set(p.url, refused);
            return;
          }
          const old = stored.get(p.url);
          const page = old?.status === "page" ? old : undefined;
          report.requests++;
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
          fetched.set(p.url, result);
        },
      );
    } finally {
      if (!opts.fetcher) await fetcher.close();
    }
  }

  const fetchedAt = opts.now.toISOString();
  const changed = new Map<string, StoredArticle>();
  for (const p of plans) {
    const result = fetched.get(p.url);
    let row = changed.get(p.url) ?? stored.get(p.url);
    if (result && !changed.has(p.url)) {
      row = mergeFetched(p.url, row, result, fetchedAt, report);
      changed.set(p.url, row);
    }
    const used = useRow(p, row!, result !== undefined);
    if (used.row !== row) changed.set(p.url, used.row);
    report.items.set(p.entry.id, used.item);
    if (used.item.source !== "full text, extracted") count(report, used.item.source, p.url);
  }
  await putArticles(db, [...changed.values()]);
  return report;
}
