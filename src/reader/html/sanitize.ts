/**
 * Content HTML → safe HTML with absolute links, in one streaming pass (tokenize.ts) with the
 * allowlist in sanitize-rules.ts. sanitize-html does the same job but ran at ~9 MB/s on feed
 * content (bench/README.md), too slow for the parse budget. The open-element stack is pushed
 * and popped at its end and end tags look back a bounded way, so hostile input stays linear.
 */

import { tokenize } from "../formats/tokenize.ts";
import { MAX_FIELD_CHARS } from "../limits.ts";
import { ALLOWED, DROP_WITH_CONTENT, isPixel, renderAttrs, VOID } from "./sanitize-rules.ts";
import { escapeHtml } from "./text.ts";

// Deeper allowed elements lose their tags (not their text); real posts never get close.
const MAX_DEPTH = 256;
const CLOSE_SEARCH = 64;

// Tags of the allowed elements, made once (ALLOWED is a fixed set).
const START_TAGS = new Map([...ALLOWED].map((name) => [name, `<${name}>`]));
const END_TAGS = new Map([...ALLOWED].map((name) => [name, `</${name}>`]));
const startTag = (name: string) => START_TAGS.get(name) ?? `<${name}>`;
const endTag = (name: string) => END_TAGS.get(name) ?? `</${name}>`;

/** Escaped text cut to `room` characters, never inside an entity. */
function fitText(escaped: string, room: number): string {
  if (escaped.length <= room) return escaped;
  const cut = escaped.slice(0, room);
  const amp = cut.lastIndexOf("&");
  return amp !== -1 && !cut.includes(";", amp) ? cut.slice(0, amp) : cut;
}

/**
 * Sanitize `html` (scripts, styles, frames, handlers, `javascript:` URLs removed) and make links
 * absolute. Its text stops at MAX_FIELD_CHARS and no element starts past it (those open are still
 * closed): links made absolute against a long base could otherwise make it many times the input.
 */
export function sanitizeHtml(html: string, base: string | null): string {
  // Pieces joined once at the end: appending to a string makes a rope node per piece, four
  // times the memory of an array slot, and tag strings are shared (endTag) rather than built.
  const parts: string[] = [];
  let size = 0;
  const emit = (piece: string) => {
    parts.push(piece);
    size += piece.length;
  };
  const open: string[] = [];
  // Inside a dropped element: its name and how many same-name elements are nested in it.
  let dropping: string | null = null;
  let dropNesting = 0;

  const openTag = (name: string, attrs: Record<string, string>, selfClosing: boolean): void => {
    if (dropping !== null) {
      if (name === dropping && !selfClosing) dropNesting++;
      return;
    }
    if (size >= MAX_FIELD_CHARS) return;
    if (DROP_WITH_CONTENT.has(name)) {
      if (!selfClosing && !VOID.has(name)) dropping = name;
      return;
    }
    if (!ALLOWED.has(name) || open.length >= MAX_DEPTH || (name === "img" && isPixel(attrs))) return;
    const rendered = renderAttrs(name, attrs, base);
    // An image whose only source was unsafe (or missing) shows nothing: drop it whole.
    if (name === "img" && !rendered.includes(' src="')) return;
    emit(rendered === "" ? startTag(name) : `<${name}${rendered}>`);
    // XHTML-style "<p/>" in feed content means an empty element, not an unclosed one.
    if (VOID.has(name)) return;
    if (selfClosing) emit(endTag(name));
    else open.push(name);
  };

  const closeTag = (name: string): void => {
    if (dropping !== null) {
      if (name === dropping && dropNesting-- === 0) {
        dropping = null;
        dropNesting = 0;
      }
      return;
    }
    // Closing an ancestor closes what was left open inside it; a stray end tag is ignored.
    for (let i = open.length - 1; i >= 0 && i >= open.length - CLOSE_SEARCH; i--) {
      if (open[i] === name) {
        while (open.length > i) emit(endTag(open.pop()!));
        return;
      }
    }
  };

  tokenize(html, "html", {
    open: openTag,
    close: closeTag,
    text(data) {
      if (dropping === null && size < MAX_FIELD_CHARS)
        emit(fitText(escapeHtml(data), MAX_FIELD_CHARS - size));
    },
  });
  while (open.length > 0) emit(endTag(open.pop()!));
  return parts.join("").trim();
}
