/**
 * Content HTML → safe HTML with absolute links, in one streaming pass (tokenize.ts) with the
 * allowlist in sanitize-rules.ts. sanitize-html does the same job but ran at ~9 MB/s on feed
 * content (bench/README.md), too slow for the parse budget. The open-element stack is pushed
 * and popped at its end and end tags look back a bounded way, so hostile input stays linear.
 */
import { MAX_FIELD_CHARS } from "./limits.ts";
import { ALLOWED, DROP_WITH_CONTENT, isPixel, renderAttrs, VOID } from "./sanitize-rules.ts";
import { escapeHtml } from "./text.ts";
import { tokenize } from "./tokenize.ts";

// Deeper allowed elements lose their tags (not their text); real posts never get close.
const MAX_DEPTH = 256;
const CLOSE_SEARCH = 64;

/**
 * Sanitize `html` (scripts, styles, frames, handlers, `javascript:` URLs removed) and make links
 * absolute. Output stops growing at MAX_FIELD_CHARS (open elements are still closed): links made
 * absolute against a long base could otherwise make it many times the input.
 */
export function sanitizeHtml(html: string, base: string | null): string {
  let out = "";
  const open: string[] = [];
  // Inside a dropped element: its name and how many same-name elements are nested in it.
  let dropping: string | null = null;
  let dropNesting = 0;

  const openTag = (name: string, attrs: Record<string, string>, selfClosing: boolean): void => {
    if (dropping !== null) {
      if (name === dropping && !selfClosing) dropNesting++;
      return;
    }
    if (out.length >= MAX_FIELD_CHARS) return;
    if (DROP_WITH_CONTENT.has(name)) {
      if (!selfClosing && !VOID.has(name)) dropping = name;
      return;
    }
    if (!ALLOWED.has(name) || open.length >= MAX_DEPTH || (name === "img" && isPixel(attrs))) return;
    const rendered = renderAttrs(name, attrs, base);
    // An image whose only source was unsafe (or missing) shows nothing: drop it whole.
    if (name === "img" && !rendered.includes(' src="')) return;
    out += `<${name}${rendered}>`;
    // XHTML-style "<p/>" in feed content means an empty element, not an unclosed one.
    if (VOID.has(name)) return;
    if (selfClosing) out += `</${name}>`;
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
        while (open.length > i) out += `</${open.pop()}>`;
        return;
      }
    }
  };

  tokenize(html, "html", {
    open: openTag,
    close: closeTag,
    text(data) {
      if (dropping === null && out.length < MAX_FIELD_CHARS) out += escapeHtml(data);
    },
  });
  while (open.length > 0) out += `</${open.pop()}>`;
  return out.trim();
}
