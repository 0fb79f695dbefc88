/** Full text for the items a draft shows: decide per item, fetch what is missing (politely), extract, refuse, store. */
import type { Config } from "../config.ts";
import type { Selection } from "../digest/select.ts";
import type { Extractor } from "../reader/article/extractor.ts";
import type { PageResult } from "../reader/article/fetch-page.ts";
import { entryText, teaserReason } from "../reader/article/teaser.ts";
import type { Fetcher } from "../reader/http/fetch-types.ts";
import { getArticles, putArticles, type StoredArticle } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import {
  count,
  type Extract,
  type FullTextReport,
  mergeFetched,
  needsExtraction,
  type Plan,
  useRow,
} from "./full-text-row.ts";

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
      const detail = `${[...teaserText].length} characters, not a teaser (fullText: auto)`;
      report.items.set(entry.id, { ...base, source: "feed text", detail });
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
  // The network and the DOM are loaded only when needed: a re-draft of stored pages needs neither.
  let fetched = new Map<string, PageResult>();
  if (toFetch.length > 0) {
    const { fetchPages } = await import("./full-text-fetch.ts");
    const done = await fetchPages(config, toFetch, stored, opts);
    fetched = done.results;
    report.requests = done.requests;
  }

  const fetchedAt = opts.now.toISOString();
  const changed = new Map<string, StoredArticle>();
  let extractor: Extractor | null = null;
  const extract: Extract = (html, o) => extractor!.extract(html, o);
  try {
    for (const p of plans) {
      const result = fetched.get(p.url);
      let row = changed.get(p.url) ?? stored.get(p.url);
      if (result && !changed.has(p.url)) {
        row = mergeFetched(p.url, row, result, fetchedAt, report);
        changed.set(p.url, row);
      }
      if (needsExtraction(p, row!))
        extractor ??= (await import("../reader/article/extractor.ts")).createExtractor();
      const used = await useRow(p, row!, result !== undefined, extractor ? extract : null);
      if (used.row !== row) changed.set(p.url, used.row);
      report.items.set(p.entry.id, used.item);
      if (used.item.source !== "full text, extracted") count(report, used.item.source, p.url);
    }
  } finally {
    await extractor?.close();
  }
  await putArticles(db, [...changed.values()]);
  return report;
}
