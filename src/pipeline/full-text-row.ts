/** The full-text step's bookkeeping per page: a fetch merged into the stored row, and an item's text from its row. */
import type { FeedConfig } from "../config.ts";
import type { ExtractedArticle, ExtractOptions } from "../reader/article/extract.ts";
import type { PageResult } from "../reader/article/fetch-page.ts";
import { refusal } from "../reader/article/refuse.ts";
import type { StoredArticle, TextSource } from "../store/articles.ts";
import type { Entry } from "../types.ts";
import { VERSION } from "../version.ts";

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

/** One item that wants its article: its entry, feed, canonical URL, teaser verdict and selector rules. */
export interface Plan {
  entry: Entry;
  feed: FeedConfig | undefined;
  url: string;
  teaser: string | null;
  teaserText: string;
  rules: { selector?: string; remove: readonly string[] };
}

/** Count one item under a cause of failure (reported once per cause). */
export function count(report: FullTextReport, cause: string, url: string): void {
  const p = report.problems.get(cause);
  if (p) p.items++;
  else report.problems.set(cause, { items: 1, example: url });
}

/** The stored row after a request: the new page, the old one revalidated, or the failure (a stored page outlives a failed refresh). */
export function mergeFetched(
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

/** The key of the rules a stored extraction was made with. */
function rulesKey(p: Plan): string {
  // A new feedwright may extract better: its version keys the stored extraction along with the rules.
  return JSON.stringify([VERSION, p.rules.selector ?? null, p.rules.remove]);
}

/** True when the item needs the page extracted (again): a stored page without an extraction under its rules. */
export function needsExtraction(p: Plan, row: StoredArticle): boolean {
  return row.status === "page" && (row.rules !== rulesKey(p) || row.extracted === null);
}

/** Extracts one page (on the extractor's thread, within its limits). */
export type Extract = (html: string, opts: ExtractOptions) => Promise<ExtractedArticle | null>;

/** The item's text from its stored row, extracting with `extract` (and remembering it) when the rules changed. */
export async function useRow(
  p: Plan,
  row: StoredArticle,
  fresh: boolean,
  extract: Extract | null,
): Promise<{ item: ItemText; row: StoredArticle }> {
  const base = { entryId: p.entry.id, teaser: p.teaser !== null, article: null };
  const stored = fresh ? "" : ` (stored ${row.fetchedAt.slice(0, 10)})`;
  if (row.status === "failed") {
    const detail = `${row.detail ?? row.cause ?? ""}${stored}`;
    return { item: { ...base, source: `full text failed: ${row.cause}`, detail }, row };
  }
  let article: ExtractedArticle | null;
  let next = row;
  if (!needsExtraction(p, row)) {
    article = JSON.parse(row.extracted!) as ExtractedArticle | null;
  } else {
    try {
      if (!extract) throw new Error("the extractor was not loaded");
      article = await extract(row.html ?? "", { url: row.finalUrl ?? row.url, ...p.rules });
    } catch (err) {
      const detail = `extraction failed: ${(err as Error)?.message ?? String(err)}`;
      return { item: { ...base, source: "full text failed: extraction error", detail }, row };
    }
    next = { ...row, rules: rulesKey(p), extracted: JSON.stringify(article) };
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
