/**
 * A page reduced to what extraction reads, before it becomes a DOM: scripts (but JSON-LD, which
 * carries the title and byline), styles, SVG, templates, comments and most attributes go. A
 * linkedom node costs a constructor call and a WeakMap entry, attributes included, and pages are
 * mostly script and markup, so this halves the nodes the DOM is built from and what it allocates.
 */
import { escapeHtml } from "../text.ts";
import { tokenize } from "../tokenize.ts";

// Dropped with their content: never article text.
const DROP = new Set(["script", "style", "svg", "math", "template", "canvas", "iframe", "object", "embed", "select"]);
const VOID = new Set("area base br col embed hr img input keygen link meta param source track wbr".split(" "));
// Text the HTML parser reads raw: written back as it came, not escaped.
const RAW = new Set(["script", "xmp", "plaintext", "noembed", "noframes"]);
// Attributes some extraction step reads (Readability's scoring and visibility tests, metadata,
// links, images and their lazy forms, tables); the rest only add nodes.
const KEEP_ATTRS = new Set(
  (
    "class id style hidden role itemprop itemtype itemscope rel href src srcset sizes alt title name content " +
    "property charset type datetime lang dir colspan rowspan width height cite start aria-hidden aria-modal"
  ).split(" "),
);
const LAZY_ATTR = /^data-.*(?:src|lazy|original|url)/;

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}

/**
 * `html` without what extraction never reads. With `keepAttributes` every attribute stays (the
 * editor's selectors may name any of them); otherwise only those some extraction step reads.
 */
export function slimPage(html: string, keepAttributes: boolean): string {
  const out: string[] = [];
  let dropping: string | null = null;
  let depth = 0;
  let raw: string | null = null;
  tokenize(html, "html", {
    open(name, attrs, selfClosing) {
      if (dropping !== null) {
        if (name === dropping && !selfClosing) depth++;
        return;
      }
      const jsonLd = name === "script" && /ld\+json/i.test(attrs.type ?? "");
      if (DROP.has(name) && !jsonLd) {
        if (!selfClosing && !VOID.has(name)) {
          dropping = name;
          depth = 0;
        }
        return;
      }
      let tag = `<${name}`;
      for (const key in attrs) {
        if (keepAttributes || KEEP_ATTRS.has(key) || LAZY_ATTR.test(key)) {
          tag += ` ${key}="${attr(attrs[key]!)}"`;
        }
      }
      out.push(`${tag}>`);
      if (RAW.has(name)) raw = name;
    },
    close(name) {
      if (dropping !== null) {
        if (name === dropping && depth-- === 0) dropping = null;
        return;
      }
      if (name === raw) raw = null;
      if (!VOID.has(name)) out.push(`</${name}>`);
    },
    text(data) {
      if (dropping === null) out.push(raw !== null ? data : escapeHtml(data));
    },
  });
  return out.join("");
}
