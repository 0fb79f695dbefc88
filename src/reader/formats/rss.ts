/** RSS 0.90–2.0 and RSS 1.0 (RDF) documents → ParsedFeed. */
import type { Enclosure, ParsedEntry, ParsedFeed } from "../../types.ts";
import { contentHtml } from "../html/content.ts";
import { elementValue, htmlOf, htmlToText, isBlank, rawText, type TextKind, textOf } from "../html/text.ts";
import { MAX_ENTRIES } from "../limits.ts";
import { resolveUrl } from "../urls.ts";
import { atomKind } from "./atom.ts";
import { parseDate } from "./dates.ts";
import { descendants } from "./descendants.ts";
import { authorName } from "./people.ts";
import { attr, attrLocal, child, children, childWhere, isElement, type XElement } from "./xmltree.ts";

// RSS titles are plain text unless they plainly carry markup (an end tag or an entity), the
// rule feedparser uses; descriptions are always HTML.
function titleKind(el: XElement): TextKind {
  if (el.children.some(isElement)) return "html";
  return /<\/[A-Za-z][^>]*>|&#?\w+;/.test(rawText(el)) ? "html" : "text";
}

function title(el: XElement | null): string | null {
  return el ? textOf(el, titleKind(el)) : null;
}

// A missing <title> is often there under another name: Dublin Core's, or Atom's in feeds written
// with Atom habits (.NET's syndication classes).
function titleOf(el: XElement): string | null {
  const own = title(child(el, "title")) ?? title(child(el, "dc:title"));
  if (own !== null) return own;
  const atom = child(el, "atom:title");
  return atom ? textOf(atom, atomKind(atom)) : null;
}

// Podcast and video feeds often title only the media: the item's own media:title, then that of
// its media:content, its media:group, or a media:content inside the group.
function mediaTitle(item: XElement): string | null {
  const groups = children(item, "media:group");
  const holders = [item, ...children(item, "media:content"), ...groups];
  for (const g of groups) holders.push(...children(g, "media:content"));
  for (const holder of holders) {
    const t = child(holder, "media:title");
    if (!t) continue;
    const text = textOf(t, (attr(t, "type") ?? "").trim().toLowerCase() === "html" ? "html" : "text");
    if (text) return text;
  }
  return null;
}

function url(el: XElement | null): string | null {
  const v = elementValue(el);
  return v === null || !el ? null : resolveUrl(v, el.base);
}

function selfLink(channel: XElement): string | null {
  const self = children(channel, "atom:link").find(
    (l) => (attr(l, "rel") ?? "").trim().toLowerCase() === "self",
  );
  const h = self ? attr(self, "href") : null;
  return h === null || !self ? null : resolveUrl(h, self.base);
}

/** The href of an atom:link with rel="alternate" (or no rel): the only link .NET-written items have. */
function atomLink(el: XElement): string | null {
  for (const l of children(el, "atom:link")) {
    const rel = (attr(l, "rel") ?? "").trim().toLowerCase() || "alternate";
    const h = attr(l, "href");
    if (rel === "alternate" && h?.trim()) return resolveUrl(h, l.base);
  }
  return null;
}

function link(item: XElement): string | null {
  const l = url(child(item, "link")) ?? atomLink(item);
  if (l) return l;
  const guid = child(item, "guid");
  if (!guid || (attr(guid, "ispermalink") ?? "").trim().toLowerCase() === "false") return null;
  const g = elementValue(guid);
  return g && /^(?:https?:\/\/|\/)/i.test(g) ? resolveUrl(g, guid.base) : null;
}

function enclosures(item: XElement): Enclosure[] {
  const out: Enclosure[] = [];
  for (const e of children(item, "enclosure")) {
    const u = attr(e, "url") ?? attr(e, "href");
    if (!u?.trim()) continue;
    out.push({
      url: resolveUrl(u, e.base),
      type: attr(e, "type")?.trim() || null,
      length: attr(e, "length")?.trim() || null,
    });
  }
  return out;
}

function author(el: XElement): string | null {
  const a = child(el, "author", "dc:creator", "dc:author", "itunes:author", "atom:author");
  if (!a) return null;
  const name = child(a, "name", "atom:name");
  return authorName(elementValue(name ?? a));
}

function item(el: XElement): ParsedEntry {
  const description = child(el, "description", "dc:description", "atom:summary");
  // An empty <content:encoded/> must not hide a full description.
  const body =
    childWhere(el, isBlank, "content:encoded", "xhtml:body", "body", "atom:content", "fulltext") ??
    description;
  // The description's markup is read (entities decoded) once, for both its text and, when no
  // fuller body is given, the content: reading it twice cost every such item a second decode.
  const descriptionHtml = description ? htmlOf(description, "html") : null;
  const bodyHtml = body === null ? null : body === description ? descriptionHtml : htmlOf(body, "html");
  return {
    id:
      elementValue(child(el, "guid")) ?? attrLocal(el, "about")?.trim() ?? elementValue(child(el, "atom:id")),
    title: titleOf(el) ?? mediaTitle(el),
    link: link(el),
    sourceUrl: url(child(el, "feedburner:origlink")),
    published: parseDate(elementValue(child(el, "pubdate", "dcterms:issued", "dcterms:created"))),
    updated: parseDate(elementValue(child(el, "dc:date", "dcterms:modified", "atom:updated"))),
    author: author(el),
    summary: descriptionHtml === null ? null : htmlToText(descriptionHtml),
    contentHtml: body ? contentHtml(bodyHtml, body.base) : null,
    categories: children(el, "category", "dc:subject")
      .map((c) => elementValue(c))
      .filter((c): c is string => c !== null),
    enclosures: enclosures(el),
  };
}

/** Read an RSS `rss` / RDF `rdf:RDF` (or bare `channel`) root element. */
export function readRss(root: XElement): ParsedFeed {
  const channel = root.key === "channel" ? root : (child(root, "channel") ?? root);
  // Document order, channel and root alike (RSS 1.0 puts items beside the channel).
  const items = descendants(root, "item", MAX_ENTRIES);
  return {
    format: root.key === "rdf:rdf" ? "rdf" : "rss",
    title: titleOf(channel),
    link: url(child(channel, "link")) ?? atomLink(channel),
    feedUrl: selfLink(channel),
    description: textOf(child(channel, "description", "dc:description", "tagline"), "html"),
    language:
      elementValue(child(channel, "language", "dc:language")) ?? (attr(root, "xml:lang")?.trim() || null),
    updated: parseDate(
      elementValue(child(channel, "lastbuilddate", "dc:date", "dcterms:modified", "pubdate")),
    ),
    entries: items.map(item),
  };
}
