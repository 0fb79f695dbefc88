/** Full text for the items a draft shows: decide per item, fetch what is missing (politely), extract, refuse, store. */
import type { Config, FeedConfig } from "../config.ts";
import type { Selection } from "../digest/select.ts";
import { type ExtractedArticle, extractArticle } from "../reader/article/extract.ts";
import { fetchPage, type PageResult } from "../reader/article/fetch-page.ts";
import { refusal } from "../reader/article/refuse.ts";
import { createRobotsCheck } from "../reader/article/robots.ts";
import { entryText, teaserReason } from "../reader/article/teaser.ts";
import type { Fetcher } from "../reader/fetch-types.ts";
import { hostOf, runPerHost } from "../reader/hostlimit.ts";
import { getArticles, putArticles, type StoredArticle, type TextSource } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import type { Entry } from "../types.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { fetcherFor } from "./refresh.ts";

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

/** The text one item of the draft is written from. */
export interface ItemText extends TextSource {
  /** The extracted article, when the item uses it. */
  article: ExtractedArticle | null;
  /** True when the feed's own text read as a teaser (a summary is then cut from the article's lead). */
  teaser: boolean;
}

/** The step's result: per item (full text not `never`), and what failed, once per cause. */
export interface FullTextReport {
  items: Map<string, ItemText>;
  /** "full text failed: 403" → how many items, and one page it happened to. */
  problems: Map<string, { items: number; example: string }>;
  /** Pages requested in this draft. */
  requests: number;
}

/** A failed page is asked again by a later draft only after this long (timeouts and 5xx; others wait for --refresh-full-text). */
const RETRY_TRANSIENT_MS = 60 * 60_000;

interface Plan {
  entry: Entry;
  feed: FeedConfig | undefined;
  url: string;
  teaser: string | null;
  teaserText: string;
  rules: { selector?: string; remove: readonly string[] };
}

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
      row = merge(p.url, row, result, fetchedAt, report);
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

function count(report: FullTextReport, cause: string, url: string): void {
  const p = report.problems.get(cause);
  if (p) p.items++;
  else report.problems.set(cause, { items: 1, example: url });
}

/** The stored row after a request: the new page, the old one revalidated, or the failure (a stored page outlives a failed refresh). */
function merge(
  url: string,
  old: StoredArticle | undefined,
  result: PageResult,
  fetchedAt: string,
  report: FullTextReport,
): StoredArticle {
  const empty = { finalUrl: null, etag: null, lastModified: null, html: null, rules: null, extracted: null };
  switch (result.kind) {
    case "page":
      return {
        ...empty,
        url,
        finalUrl: result.url,
        status: "page",
        cause: null,
        detail: null,
        transient: false,
        etag: result.etag,
        lastModified: result.lastModified,
        html: result.html,
        fetchedAt,
      };
    case "not-modified":
      if (old?.status === "page")
        return {
          ...old,
          etag: result.etag ?? old.etag,
          lastModified: result.lastModified ?? old.lastModified,
          fetchedAt,
        };
      return {
        ...empty,
        url,
        status: "failed",
        cause: "304 without a stored page",
        detail: null,
        transient: true,
        fetchedAt,
      };
    default:
      if (old?.status === "page") {
        count(report, `full text refresh failed: ${result.cause}`, url);
        return old;
      }
      return {
        ...empty,
        url,
        status: "failed",
        cause: result.cause,
        detail: result.detail,
        transient: result.transient,
        fetchedAt,
      };
  }
}

/** The item's text from its stored row, extracting (and remembering the extraction) when the rules changed. */
function useRow(p: Plan, row: StoredArticle, fresh: boolean): { item: ItemText; row: StoredArticle } {
  const base = { entryId: p.entry.id, teaser: p.teaser !== null, article: null };
  const stored = fresh ? "" : ` (stored ${row.fetchedAt.slice(0, 10)})`;
  if (row.status === "failed") {
    const detail = `${row.detail ?? row.cause ?? ""}${stored}`;
    return { item: { ...base, source: `full text failed: ${row.cause}`, detail }, row };
  }
  const key = JSON.stringify([p.rules.selector ?? null, p.rules.remove]);
  let article: ExtractedArticle | null;
  let next = row;
  if (row.rules === key && row.extracted !== null) {
    article = JSON.parse(row.extracted) as ExtractedArticle | null;
  } else {
    try {
      article = extractArticle(row.html ?? "", { url: row.finalUrl ?? row.url, ...p.rules });
    } catch (err) {
      const detail = `extraction failed: ${(err as Error)?.message ?? String(err)}`;
      return { item: { ...base, source: "full text failed: extraction error", detail }, row };
    }
    next = { ...row, rules: key, extracted: JSON.stringify(article) };
  }
  if (!article) {
    const detail = `no article found on ${row.finalUrl ?? row.url}${stored}`;
    return { item: { ...base, source: "full text failed: no article found", detail }, row: next };
  }
  const refused = refusal(article, p.teaserText);
  if (refused) {
    const detail = `${article.length} characters by ${article.rule} on ${row.finalUrl ?? row.url}${stored}; the feed text was kept`;
    return { item: { ...base, source: `full text refused: ${refused}`, detail }, row: next };
  }
  const why = p.teaser ? `teaser: ${p.teaser}` : "fullText: always";
  const detail = `${why}; ${article.length} characters by ${article.rule}${stored}`;
  return { item: { ...base, source: "full text, extracted", detail, article }, row: next };
}
