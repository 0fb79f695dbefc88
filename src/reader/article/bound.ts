/**
 * A page made safe and small for the DOM: nesting deeper than MAX_DEPTH, and elements past
 * MAX_ELEMENTS, lose their tags (not their text), and scripts (but JSON-LD, which names the title and byline), styles, SVG, MathML, frames
 * and comments are left out. Readability walks every node's ancestors, so a hostile page of
 * 50,000 nested elements took minutes (1,000 levels: 1.1 s; 4,000: 13 s); no real article comes
 * near the limit (the 181 pages of the extraction benchmark nest 51 levels at most).
 */

import { tokenize } from "../formats/tokenize.ts";
import { escapeHtml } from "../html/text.ts";
import { isReadAttribute } from "./page-attributes.ts";

/** Elements nested deeper than this lose their tags. */
export const MAX_DEPTH = 100;
/** Elements after this many lose their tags: the DOM, and Readability's work, stay bounded (real pages: 1,600 at most). */
export const MAX_ELEMENTS = 20_000;
// How far an end tag looks for its element: the same bound the sanitizer uses, so stray end tags stay cheap.
const CLOSE_SEARCH = 64;

// Left out with their content: never article text, and often most of a page's bytes.
// <link> (stylesheets, preloads, icons: a head's many elements) is read by nothing here.
const DROP = new Set([
  "script",
  "style",
  "link",
  "svg",
  "math",
  "template",
  "iframe",
  "object",
  "embed",
  "noembed",
]);
const VOID = new Set(
  "area base br col embed hr img input keygen link meta param source track wbr".split(" "),
);
// The implicit ends an HTML parser applies, so that depth is counted as the DOM will have it.
const CLOSES_P = new Set(
  (
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 " +
    "header hr main menu nav ol p pre section table ul"
  ).split(" "),
);
const SIBLINGS: Record<string, readonly string[]> = {
  li: ["li"],
  dt: ["dt", "dd"],
  dd: ["dt", "dd"],
  tr: ["tr", "td", "th"],
  td: ["td", "th"],
  th: ["td", "th"],
  option: ["option"],
};

// Blocks whose neighbouring whitespace never shows (the sanitizer keeps them, plain-text.ts breaks
// lines at them): whitespace-only text between two of these is left out, a third of the text nodes.
const QUIET = new Set(
  (
    "html head body article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 " +
    "header hr li main nav ol p section table tbody td tfoot th thead tr ul"
  ).split(" "),
);
const BLANK = /^[ \t\n\r\f]*$/;
// Readability takes a block marked like this as the byline when its text, spaces counted, is short:
// its whitespace stays, so that judgment is the same.
const BYLINE = /byline|author|dateline|writtenby|p-author/i;

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}

function isByline(attrs: Record<string, string>): boolean {
  return (
    BYLINE.test(`${attrs.class ?? ""} ${attrs.id ?? ""}`) ||
    attrs.rel === "author" ||
    (attrs.itemprop ?? "").includes("author")
  );
}

/** How boundPage() treats attributes. */
export interface BoundOptions {
  /** Keep only the attributes the article code reads (page-attributes.ts): fewer DOM nodes. Not with an editor's CSS rules, which may name any attribute. */
  readAttributesOnly?: boolean;
}

/** `html` with nesting bounded and non-content elements left out (attributes of the rest kept, see BoundOptions). */
export function boundPage(html: string, opts: BoundOptions = {}): string {
  const prune = opts.readAttributesOnly === true;
  const out: string[] = [];
  // Open elements: name, and whether its tags are written (false beyond MAX_DEPTH).
  const names: string[] = [];
  const written: boolean[] = [];
  let dropping: string | null = null;
  let dropDepth = 0;
  let raw = false;
  let elements = 0;
  // Whitespace after a written QUIET tag, held until the next tag shows whether it can go.
  let afterQuiet = false;
  let blank: string | null = null;
  // Open elements whose whitespace stays (pre, and bylines), by depth.
  const keepWs: number[] = [];

  const tag = (name: string, markup: string): void => {
    if (blank !== null && !QUIET.has(name)) out.push(blank);
    blank = null;
    out.push(markup);
    afterQuiet = QUIET.has(name);
  };
  const pop = (): void => {
    const name = names.pop()!;
    if (keepWs[keepWs.length - 1] === names.length) keepWs.pop();
    if (written.pop()) tag(name, `</${name}>`);
  };
  tokenize(html, "html", {
    open(name, attrs, selfClosing) {
      if (dropping !== null) {
        if (name === dropping && !selfClosing) dropDepth++;
        return;
      }
      const jsonLd = name === "script" && /ld\+json/i.test(attrs.type ?? "");
      if (DROP.has(name) && !jsonLd) {
        if (!selfClosing && !VOID.has(name)) {
          dropping = name;
          dropDepth = 0;
        }
        return;
      }
      const top = names[names.length - 1];
      if (top !== undefined && ((top === "p" && CLOSES_P.has(name)) || SIBLINGS[name]?.includes(top))) pop();
      const write = names.length < MAX_DEPTH && elements < MAX_ELEMENTS;
      if (write) {
        elements++;
        let markup = `<${name}`;
        for (const key in attrs)
          if (!prune || isReadAttribute(name, key, attrs[key]!)) markup += ` ${key}="${attr(attrs[key]!)}"`;
        tag(name, `${markup}>`);
      }
      if (VOID.has(name)) return;
      if (name === "pre" || isByline(attrs)) keepWs.push(names.length);
      if (jsonLd) raw = true;
      names.push(name);
      written.push(write);
    },
    close(name) {
      if (dropping !== null) {
        if (name === dropping && dropDepth-- === 0) dropping = null;
        return;
      }
      raw = false;
      for (let i = names.length - 1; i >= 0 && i >= names.length - CLOSE_SEARCH; i--) {
        if (names[i] === name) {
          while (names.length > i) pop();
          return;
        }
      }
    },
    text(data) {
      if (dropping !== null) return;
      if (afterQuiet && keepWs.length === 0 && !raw && BLANK.test(data)) {
        blank = (blank ?? "") + data;
        return;
      }
      if (blank !== null) out.push(blank);
      blank = null;
      afterQuiet = false;
      out.push(raw ? data : escapeHtml(data));
    },
  });
  while (names.length > 0) pop();
  if (blank !== null) out.push(blank);
  return out.join("");
}
