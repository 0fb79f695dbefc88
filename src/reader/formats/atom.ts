/** Atom 1.0 and 0.3 documents → ParsedFeed. */
import type { Enclosure, ParsedEntry, ParsedFeed } from "../../types.ts";
import { contentHtml } from "../html/content.ts";
import { elementValue, htmlOf, isBlank, type TextKind, textOf } from "../html/text.ts";
import { MAX_ENTRIES } from "../limits.ts";
import { resolveUrl } from "../urls.ts";
import { parseDate } from "./dates.ts";
import { descendants } from "./descendants.ts";
import { authorName } from "./people.ts";
import { attr, child, children, childWhere, type XElement } from "./xmltree.ts";

/** How an Atom (1.0 `type`, 0.3 `type` + `mode`) text construct is to be read. */
export function atomKind(el: XElement): TextKind {
  const type = (attr(el, "type") ?? "text").trim().toLowerCase();
  const mode = (attr(el, "mode") ?? "").trim().toLowerCase();
  if (type === "xhtml" || type === "application/xhtml+xml") return mode === "escaped" ? "html" : "xhtml";
  if (type === "html" || type === "text/html") return "html";
  return "text";
}

// Atom 0.3 `mode="base64"` hides the content behind base64; unwrap it once here.
function constructEl(el: XElement | null): XElement | null {
  if (!el || (attr(el, "mode") ?? "").trim().toLowerCase() !== "base64") return el;
  const decoded = Buffer.from(elementValue(el) ?? "", "base64").toString("utf8");
  return { ...el, attrs: { ...el.attrs, mode: "escaped" }, children: [{ text: decoded, cdata: true }] };
}

function plain(el: XElement | null): string | null {
  const e = constructEl(el);
  return e ? textOf(e, atomKind(e)) : null;
}

function rels(el: XElement): Array<{ rel: string; link: XElement }> {
  return children(el, "link", "atom:link").map((link) => ({
    rel: (attr(link, "rel") ?? "alternate").trim().toLowerCase(),
    link,
  }));
}

function href(link: XElement | undefined): string | null {
  if (!link) return null;
  const h = attr(link, "href") ?? attr(link, "url") ?? elementValue(link);
  return h === null ? null : resolveUrl(h, link.base);
}

/** The alternate link, preferring an HTML one when a feed offers several. */
function alternate(el: XElement): string | null {
  const alts = rels(el).filter(
    (r) => r.rel === "alternate" || r.rel === "http://www.iana.org/assignments/relation/alternate",
  );
  const html = alts.find((r) => /html/i.test(attr(r.link, "type") ?? "text/html"));
  return href((html ?? alts[0])?.link);
}

function person(el: XElement, feedAuthor: string | null): string | null {
  const a = child(el, "author", "dc:creator", "dc:author");
  if (!a) return feedAuthor;
  const name = child(a, "name");
  const text = name
    ? elementValue(name)
    : child(a, "email")
      ? elementValue(child(a, "email"))
      : elementValue(a);
  return authorName(text) ?? feedAuthor;
}

function enclosures(el: XElement): Enclosure[] {
  return rels(el)
    .filter((r) => r.rel === "enclosure")
    .map((r) => ({ url: href(r.link) ?? "", type: attr(r.link, "type"), length: attr(r.link, "length") }))
    .filter((e) => e.url !== "");
}

function entry(el: XElement, feedAuthor: string | null): ParsedEntry {
  const content = constructEl(childWhere(el, isBlank, "content", "content:encoded"));
  const summary = constructEl(child(el, "summary"));
  // Out-of-line content (src=) has nothing to show here: the summary stands in.
  const body = content && !attr(content, "src") ? content : summary;
  const via = rels(el).find((r) => r.rel === "via");
  return {
    id: elementValue(child(el, "id", "guid")),
    // Dublin Core's title stands in for a missing one (DC 1.0 and 1.1 read alike).
    title: plain(child(el, "title")) ?? textOf(child(el, "dc:title"), "text"),
    link: alternate(el),
    sourceUrl: href(child(el, "feedburner:origlink") ?? undefined) ?? href(via?.link),
    published: parseDate(elementValue(child(el, "published", "issued", "dcterms:issued"))),
    updated: parseDate(elementValue(child(el, "updated", "modified", "dc:date", "dcterms:modified"))),
    author: person(el, feedAuthor),
    summary: plain(summary),
    contentHtml: body ? contentHtml(htmlOf(body, atomKind(body)), body.base) : null,
    categories: children(el, "category", "dc:subject")
      .map((c) => attr(c, "term") ?? elementValue(c))
      .filter((c): c is string => !!c && c.trim() !== "")
      .map((c) => c.trim()),
    enclosures: enclosures(el),
  };
}

/** Read an Atom `feed` element. */
export function readAtom(root: XElement): ParsedFeed {
  const feedAuthor = person(root, null);
  const self = rels(root).find((r) => r.rel === "self");
  return {
    format: "atom",
    title: plain(child(root, "title")) ?? textOf(child(root, "dc:title"), "text"),
    link: alternate(root),
    feedUrl: href(self?.link),
    description: plain(child(root, "subtitle", "tagline", "info")),
    language: attr(root, "xml:lang")?.trim() || null,
    updated: parseDate(elementValue(child(root, "updated", "modified", "dc:date", "dcterms:modified"))),
    // Wherever an unclosed extension element left them, in document order.
    entries: descendants(root, "entry", MAX_ENTRIES).map((e) => entry(e, feedAuthor)),
  };
}
