/** JSON Feed 1.0 / 1.1 documents → ParsedFeed. */
import { AppError } from "../../errors.ts";
import type { Enclosure, ParsedEntry, ParsedFeed } from "../../types.ts";
import { contentHtml } from "../html/content.ts";
import { collapse, escapeHtml, htmlToText } from "../html/text.ts";
import { MAX_ENTRIES } from "../limits.ts";
import { resolveUrl } from "../urls.ts";
import { parseDate } from "./dates.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : null;
const text = (v: unknown): string | null => {
  const s = str(v);
  return s === null ? null : collapse(s);
};
const htmlText = (v: unknown): string | null => {
  const s = str(v);
  return s === null ? null : htmlToText(s);
};

/** The name of a JSON Feed 1.1 `authors[0]` or 1.0 `author`. */
function authorOf(o: Json): string | null {
  const list = Array.isArray(o.authors) ? o.authors : [];
  const first = list.find(isObject) ?? (isObject(o.author) ? o.author : null);
  return first ? text(first.name) : null;
}

function link(v: unknown, base: string | null): string | null {
  const s = str(v)?.trim();
  return s ? resolveUrl(s, base) : null;
}

function attachments(v: unknown, base: string | null): Enclosure[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).flatMap((a) => {
    const url = link(a.url, base);
    return url ? [{ url, type: str(a.mime_type), length: str(a.size_in_bytes) }] : [];
  });
}

function item(o: Json, base: string | null, feedAuthor: string | null): ParsedEntry {
  // An empty content_html must not hide a content_text.
  const html = str(o.content_html)?.trim() || null;
  const plainText = str(o.content_text)?.trim() || null;
  return {
    id: str(o.id),
    title: text(o.title),
    link: link(o.url, base),
    sourceUrl: link(o.external_url, base),
    published: parseDate(str(o.date_published)),
    updated: parseDate(str(o.date_modified)),
    author: authorOf(o) ?? feedAuthor,
    // JSON Feed's `summary` is plain text already; a feed without one still has its HTML's words.
    summary: htmlText(o.summary),
    contentHtml: contentHtml(html ?? (plainText === null ? null : escapeHtml(plainText)), base),
    categories: Array.isArray(o.tags) ? o.tags.map(text).filter((t): t is string => t !== null) : [],
    enclosures: attachments(o.attachments, base),
  };
}

/** Parse JSON Feed text; throws NOT_A_FEED for other JSON and PARSE for broken JSON. */
export function readJsonFeed(source: string, baseUrl: string | null): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (err) {
    throw new AppError("PARSE", `invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  const version = isObject(doc) ? str(doc.version) : null;
  if (!isObject(doc) || (!version?.includes("jsonfeed.org") && !Array.isArray(doc.items))) {
    throw new AppError(
      "NOT_A_FEED",
      "JSON document is not a JSON Feed (no jsonfeed.org version and no items array)",
    );
  }
  const base = baseUrl ?? str(doc.feed_url) ?? str(doc.home_page_url);
  const feedAuthor = authorOf(doc);
  return {
    format: "json",
    title: text(doc.title),
    link: link(doc.home_page_url, base),
    feedUrl: link(doc.feed_url, base),
    // The spec says plain text; real feeds (lukedorny.com) put HTML there, and text survives both.
    description: htmlText(doc.description),
    language: text(doc.language),
    updated: null,
    entries: (Array.isArray(doc.items) ? doc.items.slice(0, MAX_ENTRIES) : [])
      .filter(isObject)
      .map((o) => item(o, base, feedAuthor)),
  };
}
