/**
 * Which attributes of a page the article code reads. linkedom makes every attribute a node of
 * its own, with a WeakMap entry and a Map (its EventTarget) and a place in the list every walk
 * passes through: attributes were a third of the benchmark pages' nodes, mostly tracking and
 * script data (`data-*`, `aria-*`, `on*`, `target`, `tabindex`) that nothing here reads.
 */

// Read by Readability (class and id weights, roles, visibility, bylines, metadata, data tables,
// language and direction, links), by cleanup.ts (class, id) and kept by the sanitizer
// (sanitize-rules.ts) — the sanitizer's whole list is here, so the article's HTML is unchanged.
const READ = new Set(
  (
    "class id hidden aria-hidden aria-modal role itemprop type " +
    "summary datatable lang dir href src srcset alt title width height colspan rowspan cite datetime " +
    "start reversed controls poster loop muted scope abbr headers span label kind srclang"
  ).split(" "),
);
// Media elements keep every attribute: lazy loaders keep the real image URL under any name
// (prepare.ts and Readability look for it), and the sanitizer reads their sources.
const MEDIA = new Set(["img", "picture", "figure", "source", "video", "audio", "track", "noscript", "base"]);
// Readability reads these of <meta> only (the page's metadata).
const META = new Set(["name", "property", "content", "http-equiv"]);
// A style matters only when it hides the element (Readability skips what is not visible).
const HIDING = /display|visibility/i;

/** Whether the article code can read attribute `name` (value `value`) of element `tag`. */
export function isReadAttribute(tag: string, name: string, value: string): boolean {
  if (READ.has(name) || MEDIA.has(tag)) return true;
  if (META.has(name)) return tag === "meta";
  // rel="author" marks a byline; other rels (nofollow, noopener) say nothing about the text.
  if (name === "rel") return /author/i.test(value);
  return name === "style" && HIDING.test(value);
}
