/** Parsed entries → store-ready entries: canonical URL, plain text, UTC dates never in the future. */
import { hash } from "node:crypto";
import type { NormalizedEntry, ParsedEntry, ParsedFeed } from "../types.ts";
import { canonicalUrl, preferredLink } from "./canonical.ts";
import { collapse, htmlToText } from "./html/text.ts";
import { MAX_CATEGORIES } from "./limits.ts";

/** What normalization needs besides the entry. */
export interface NormalizeOptions {
  feedId: string;
  now: Date;
  /** Tracking parameters to strip in addition to the built-in list. */
  trackingParams?: readonly string[];
}

const MAX_TITLE_FROM_TEXT = 120;

function titleFrom(e: ParsedEntry, summary: string): string {
  if (e.title) return e.title;
  if (summary) {
    const cut = summary.slice(0, MAX_TITLE_FROM_TEXT);
    return cut.length < summary.length ? `${cut.replace(/\s+\S*$/, "")}…` : cut;
  }
  return e.link ?? "(untitled)";
}

/** Normalize every entry of a parsed feed for one fetch at `now` (also the first-seen time). */
export function normalizeFeed(feed: ParsedFeed, opts: NormalizeOptions): NormalizedEntry[] {
  const nowIso = opts.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const out: NormalizedEntry[] = [];
  for (const e of feed.entries) {
    const link = preferredLink(e);
    const url = link ? canonicalUrl(link, opts.trackingParams) : null;
    const summary = e.summary ?? (e.contentHtml ? (htmlToText(e.contentHtml) ?? "") : "");
    const title = titleFrom(e, summary);
    const date = e.published ?? e.updated;
    // A date in the future is a publisher's mistake (or a scheduled post); it must not pin the entry
    // to the top of every digest, so it is clamped to the time we first saw it.
    const published = date !== null && date > nowIso ? nowIso : date;
    const guid = e.id?.trim() || null;
    // crypto.hash: the same digest as createHash().update().digest(), without a Hash object per entry.
    const contentHash = hash(
      "sha256",
      JSON.stringify([title, summary, e.contentHtml ?? "", e.author, e.categories]),
    ).slice(0, 32);
    const fallbackKey =
      guid === null && url === null ? hash("sha256", `${title}\n${date ?? ""}`).slice(0, 32) : null;
    out.push({
      feedId: opts.feedId,
      guid,
      url,
      link,
      title,
      summary,
      contentHtml: e.contentHtml ?? "",
      author: e.author,
      // Atom's `term` attribute and JSON Feed tags arrive as written: the same cleaning as text.
      categories: [...new Set(e.categories.map(collapse).filter((c): c is string => c !== null))].slice(
        0,
        MAX_CATEGORIES,
      ),
      published,
      firstSeen: nowIso,
      contentHash,
      language: feed.language,
      fallbackKey,
    });
  }
  return out;
}
