/**
 * The forgiving XML tree feeds are read from (built by xmlbuild.ts): namespace-aware element
 * keys, effective xml:base, and text kept raw with a CDATA flag so that entities are decoded
 * exactly once, by whoever reads the text.
 */
import { decodeHTMLAttribute as decodeAttrEntities } from "entities";
import { MAX_FIELD_CHARS } from "../limits.ts";
import { resolveUrl } from "../urls.ts";

/** A run of character data as written: `cdata` text is literal, other text still holds entities. */
export interface XText {
  text: string;
  cdata: boolean;
}

/** An element: `key` is "local" in the feed's own vocabulary, else "prefix:local" by namespace. */
export interface XElement {
  key: string;
  /** Lower-cased local name, used when the element is serialized as XHTML. */
  local: string;
  /** Canonical namespace prefix ("atom", "dc", "xhtml", …), "" for the document's own, or "{uri}". */
  ns: string;
  /** Attributes as written (lower-cased names, raw values). */
  attrs: Record<string, string>;
  children: XNode[];
  /** The effective xml:base (already resolved against enclosing bases and the document URL). */
  base: string | null;
}

/** A child of an element. */
export type XNode = XElement | XText;

/**
 * Recompute every effective xml:base as if the document had been fetched from `documentUrl`:
 * used when the caller gave no URL and the feed names its own (rel="self") location.
 */
export function rebase(doc: XElement, documentUrl: string): void {
  doc.base = documentUrl;
  const stack: XElement[] = [doc];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (const c of parent.children) {
      if (!isElement(c)) continue;
      const xmlBase = c.attrs["xml:base"];
      c.base = xmlBase !== undefined ? resolveUrl(decodeAttr(xmlBase), parent.base) : parent.base;
      stack.push(c);
    }
  }
}

/**
 * Decode an attribute value as written (entities, HTML ones too: feeds are sloppy). Like a field,
 * at most MAX_FIELD_CHARS of it are read: a 20 MB href was copied by every URL step after it.
 */
export function decodeAttr(raw: string): string {
  const value = raw.length > MAX_FIELD_CHARS ? raw.slice(0, MAX_FIELD_CHARS) : raw;
  return value.includes("&") ? decodeAttrEntities(value) : value;
}

/** An attribute by (lower-cased) name, decoded, or null. */
export function attr(el: XElement, name: string): string | null {
  const raw = el.attrs[name];
  return raw === undefined ? null : decodeAttr(raw);
}

/** An attribute by local name whatever its prefix (rdf:about may be written r:about). */
export function attrLocal(el: XElement, local: string): string | null {
  for (const name in el.attrs) {
    if (name === local || name.endsWith(`:${local}`)) return decodeAttr(el.attrs[name]!);
  }
  return null;
}

/** True for element nodes. */
export function isElement(node: XNode): node is XElement {
  return "key" in node;
}

/** The first child element with one of `keys` (in the order of `keys`), or null. */
export function child(el: XElement, ...keys: string[]): XElement | null {
  for (const key of keys) {
    for (const c of el.children) if (isElement(c) && c.key === key) return c;
  }
  return null;
}

/** Like `child`, but skips candidates for which `skip` is true (e.g. empty ones). */
export function childWhere(el: XElement, skip: (c: XElement) => boolean, ...keys: string[]): XElement | null {
  for (const key of keys) {
    for (const c of el.children) if (isElement(c) && c.key === key && !skip(c)) return c;
  }
  return null;
}

/** Every child element whose key is in `keys`, in document order. */
export function children(el: XElement, ...keys: string[]): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) if (isElement(c) && keys.includes(c.key)) out.push(c);
  return out;
}
