/** Text constructs: what an element says, as plain text or as (unsanitized) HTML. */
import { decodeHTML, decodeHTMLAttribute } from "entities";
import { isElement, type XElement, type XNode } from "../formats/xmltree.ts";
import { MAX_FIELD_CHARS } from "../limits.ts";
import { stripTags } from "./strip-tags.ts";

/** How an element's content is to be read. */
export type TextKind = "text" | "html" | "xhtml";

/**
 * Whitespace, runs of which become one space: ASCII's, and the line and paragraph separators
 * U+2028/U+2029, which YAML readers and editors take for line breaks inside a one-line title.
 */
const isSpace = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
/**
 * Characters dropped. Those XML forbids (broken feeds contain them anyway, and they must not reach
 * a digest): C0 controls other than tab, newline and carriage return (form feed and vertical tab
 * included), DEL, and the noncharacters U+FFFE and U+FFFF. And the bidirectional embeddings,
 * overrides and isolates U+202A–U+202E and U+2066–U+2069, with which a title displays other text
 * than it holds ("Trojan Source"); the store keeps plain text without them.
 */
const isControl = (c: number) =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
  c === 0x7f ||
  c === 0xfffe ||
  c === 0xffff ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);
/** What a run that collapse() rewrites is made of. */
const isRunChar = (c: number) => isSpace(c) || isControl(c);

/**
 * Collapse runs of whitespace (isSpace) to one space, drop the characters isControl names, trim;
 * "" becomes null. Controls inside a run of whitespace vanish with it ("a \u0001 b" reads "a b"). One pass over
 * the text, copying only between the places that change: every summary goes through here, and the
 * two regex replaces this replaced took about twice as long inside htmlToText().
 */
export function collapse(s: string): string | null {
  let out = "";
  let from = 0; // start of the text not yet copied to `out`
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // The common cases first: printable ASCII, then the rest of the BMP outside the ranges that hold
    // run characters (so CJK text costs a few comparisons per character, not every test of isRunChar).
    if (c > 0x20 && (c < 0x7f || (c > 0x7f && c < 0x2028) || (c > 0x2069 && c < 0xfffe))) continue;
    if (!isRunChar(c)) continue;
    // A single space between two other characters stays as it is.
    if (c === 0x20 && (i + 1 >= n || !isRunChar(s.charCodeAt(i + 1)))) continue;
    let j = i;
    let hasSpace = false;
    for (; j < n && isRunChar(s.charCodeAt(j)); j++) if (isSpace(s.charCodeAt(j))) hasSpace = true;
    out += s.slice(from, i) + (hasSpace ? " " : "");
    from = j;
    i = j - 1;
  }
  const trimmed = (from === 0 ? s : out + s.slice(from)).trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * Where the producers of a field's text or markup (rawText, serializeNodes) stop: one character
 * past what a field keeps, so that the reader of the result can tell that it was cut.
 */
const READ_LIMIT = MAX_FIELD_CHARS + 1;

/** `s` turned into plain text by `toText`, at most MAX_FIELD_CHARS of it read; "…" marks a cut. */
function bounded(s: string, toText: (s: string) => string | null): string | null {
  if (s.length <= MAX_FIELD_CHARS) return toText(s);
  const text = toText(s.slice(0, MAX_FIELD_CHARS));
  return text === null ? null : `${text}…`;
}

function markupToText(html: string): string | null {
  const stripped = stripTags(html);
  return collapse(stripped.includes("&") ? decodeHTML(stripped) : stripped);
}

/**
 * HTML → plain text: tags removed first, entities decoded second, whitespace collapsed. At most
 * MAX_FIELD_CHARS of markup are read (limits.ts): the rest is cut, and the text ends in "…".
 */
export function htmlToText(html: string): string | null {
  if (html.length <= MAX_FIELD_CHARS) return markupToText(html);
  const text = markupToText(withoutPartialTag(html.slice(0, MAX_FIELD_CHARS)));
  return text === null ? null : `${text}…`;
}

/** Cut markup without the tag it ends inside, if any (it would read as text: "<a hre"). */
function withoutPartialTag(cut: string): string {
  const lt = cut.lastIndexOf("<");
  return lt > cut.lastIndexOf(">") ? cut.slice(0, lt) : cut;
}

/** Escape text for inclusion in HTML. */
export function escapeHtml(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPES, (ch) => ESCAPED[ch]!) : s;
}

// One pass with a lookup: this runs on every text run of every content body.
const NEEDS_ESCAPE = /[&<>]/;
const ESCAPES = /[&<>]/g;
const ESCAPED: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/**
 * The character data of a text node: entities decoded, except inside CDATA. At most `room`
 * characters of it are read (a cut entity stays as written): decoding is what costs memory.
 */
function textData(node: { text: string; cdata: boolean }, room: number): string {
  const raw = node.text.length > room ? node.text.slice(0, room) : node.text;
  return node.cdata || !raw.includes("&") ? raw : decodeHTMLAttribute(raw);
}

/**
 * All character data directly inside `el` (no markup), decoded. At most one character past
 * MAX_FIELD_CHARS is read; where the text was cut it ends in "…" (decoding entities may have
 * made it shorter than the limit, so the length alone would not show the cut).
 */
export function rawText(el: XElement): string {
  let out = "";
  for (const c of el.children) {
    if (isElement(c)) continue;
    const room = READ_LIMIT - out.length;
    out += textData(c, room);
    if (c.text.length > room) return `${out}…`;
  }
  return out;
}

/** True when `el` says nothing: no child elements and only whitespace (or nothing) as text. */
export function isBlank(el: XElement): boolean {
  for (const c of el.children) if (isElement(c) || c.text.trim() !== "") return false;
  return true;
}

/** True when `el` holds child elements (inline XHTML, or unescaped HTML in a sloppy feed). */
export function hasElementChildren(el: XElement): boolean {
  return el.children.some(isElement);
}

const HTML_VOID = new Set("area base br col embed hr img input link meta param source track wbr".split(" "));

/**
 * Serialize nodes back to HTML markup (used for XHTML and for unescaped inline HTML). It stops one
 * character past MAX_FIELD_CHARS, or after a text it had to cut ("…"), leaving elements open (the
 * sanitizer closes them): a million elements or escaped tags cost no more than a field keeps.
 */
export function serializeNodes(nodes: XNode[]): string {
  let out = "";
  const stack: Array<{ nodes: XNode[]; i: number; close: string }> = [{ nodes, i: 0, close: "" }];
  while (stack.length > 0 && out.length < READ_LIMIT) {
    const top = stack[stack.length - 1]!;
    const node = top.nodes[top.i++];
    if (node === undefined) {
      out += top.close;
      stack.pop();
      continue;
    }
    if (!isElement(node)) {
      const room = READ_LIMIT - out.length;
      out += escapeHtml(textData(node, room));
      // As in rawText: the cut must show even when decoding made the text shorter.
      if (node.text.length > room) {
        out += "…";
        break;
      }
      continue;
    }
    out += `<${node.local}`;
    for (const name in node.attrs) {
      if (name === "xmlns" || name.startsWith("xmlns:") || name.startsWith("xml:")) continue;
      const local = name.slice(name.indexOf(":") + 1);
      const value = textData({ text: node.attrs[name]!, cdata: false }, READ_LIMIT - out.length);
      out += ` ${local}="${escapeAttr(value)}"`;
    }
    out += ">";
    // XHTML's <br/> must come out as <br>: "</br>" reads as a second line break in HTML.
    if (node.children.length === 0 && HTML_VOID.has(node.local)) continue;
    stack.push({ nodes: node.children, i: 0, close: `</${node.local}>` });
  }
  return out.length >= READ_LIMIT ? cutMarkup(out) : out;
}

/** Markup cut to MAX_FIELD_CHARS, not inside a tag or an entity, and ending in "…". */
function cutMarkup(html: string): string {
  let cut = withoutPartialTag(html.slice(0, MAX_FIELD_CHARS));
  // Every "&" serializeNodes writes starts an entity (text and attributes are escaped).
  const amp = cut.lastIndexOf("&");
  if (amp !== -1 && !cut.includes(";", amp)) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** The XHTML content of an Atom `type="xhtml"` element, without its wrapping `div`. */
function xhtmlOf(el: XElement): string {
  const elements = el.children.filter(isElement);
  const onlyDiv = elements.length === 1 && elements[0]!.local === "div" ? elements[0]! : null;
  const wrapperOnly = onlyDiv && el.children.every((c) => c === onlyDiv || (!isElement(c) && !c.text.trim()));
  return serializeNodes(wrapperOnly ? onlyDiv.children : el.children);
}

/** The content of `el` as HTML markup (unsanitized) under the given kind. */
export function htmlOf(el: XElement, kind: TextKind): string {
  if (kind === "xhtml") return xhtmlOf(el);
  if (hasElementChildren(el)) return serializeNodes(el.children);
  const text = rawText(el);
  return kind === "text" ? escapeHtml(text) : text;
}

/** The content of `el` as plain text under the given kind, or null when empty. */
export function textOf(el: XElement | null, kind: TextKind): string | null {
  if (!el) return null;
  if (kind === "text" && !hasElementChildren(el)) return bounded(rawText(el), collapse);
  return htmlToText(htmlOf(el, kind));
}

/** Plain character data of an element (ids, dates, URLs): decoded, collapsed, or null. */
export function elementValue(el: XElement | null): string | null {
  if (!el) return null;
  return hasElementChildren(el) ? htmlToText(serializeNodes(el.children)) : bounded(rawText(el), collapse);
}
