/**
 * A forgiving XML tree for feeds. htmlparser2 in xmlMode tokenizes (it never expands DTD
 * entities and never fetches anything, so billion laughs and XXE are inert); this file adds
 * what feeds need on top: namespace-aware element keys, effective xml:base, a depth bound,
 * and text kept raw with a CDATA flag so entities are decoded exactly once, by whoever reads it.
 */ import { decodeHTMLAttribute as decodeAttrEntities } from "entities";
import { Parser } from "htmlparser2";
import { canonicalPrefix, KNOWN_PREFIXES } from "./namespaces.ts";
import { resolveUrl } from "./urls.ts";

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

/** Deeper elements are flattened into their ancestor: no feed needs them, recursion would. */
export const MAX_DEPTH = 200;

const XMLNS = "xmlns";

/** Parse `text` into a tree: a "#document" element whose children are the top-level elements. */
export function buildTree(text: string, documentUrl: string | null): XElement {
  const doc: XElement = {
    key: "#document",
    local: "#document",
    ns: "",
    attrs: {},
    children: [],
    base: documentUrl,
  };
  let homeNs = "";
  const stack: XElement[] = [];
  const scopes: Array<Map<string, string> | null> = [];
  let skipped = 0;
  let inCdata = false;
  // Per document: the same few namespace URIs are looked up for every element.
  const nsByUri = new Map<string, string>();

  const lookup = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return prefix === "xml" ? "http://www.w3.org/XML/1998/namespace" : undefined;
  };

  const nsOf = (prefix: string): string => {
    const uri = lookup(prefix);
    if (uri === undefined) return prefix && KNOWN_PREFIXES.has(prefix) ? prefix : prefix ? `?${prefix}` : "";
    if (uri === "") return "";
    const known = nsByUri.get(uri);
    if (known !== undefined) return known;
    const ns = canonicalPrefix(uri) ?? `{${uri}}`;
    nsByUri.set(uri, ns);
    return ns;
  };

  const parser = new Parser(
    {
      onopentag(qname, attrs) {
        if (stack.length >= MAX_DEPTH) {
          skipped++;
          return;
        }
        let scope: Map<string, string> | null = null;
        for (const name in attrs) {
          if (name === XMLNS || name.startsWith("xmlns:")) {
            scope ??= new Map();
            scope.set(name === XMLNS ? "" : name.slice(6), attrs[name]!.trim());
          }
        }
        scopes.push(scope);
        const colon = qname.indexOf(":");
        const local = colon > 0 ? qname.slice(colon + 1) : qname;
        let ns = nsOf(colon > 0 ? qname.slice(0, colon) : "");
        const parent = stack[stack.length - 1];
        // A document reads its own vocabulary bare ("entry" in Atom, "item" in RSS under any of
        // its namespaces, known or not), while foreign elements keep a prefix ("atom:link").
        if (!parent) homeNs = ns === "rdf" ? "" : ns;
        if (ns === homeNs) ns = "";
        const parentBase = parent ? parent.base : documentUrl;
        const xmlBase = attrs["xml:base"];
        const el: XElement = {
          key: ns ? `${ns}:${local}` : local,
          local,
          ns,
          attrs,
          children: [],
          base: xmlBase !== undefined ? resolveUrl(decodeAttr(xmlBase), parentBase) : parentBase,
        };
        (parent ?? doc).children.push(el);
        stack.push(el);
      },
      onclosetag() {
        if (skipped > 0) {
          skipped--;
          return;
        }
        if (stack.length > 0) {
          stack.pop();
          scopes.pop();
        }
      },
      ontext(data) {
        const top = stack[stack.length - 1];
        if (!top) return;
        const last = top.children[top.children.length - 1];
        // htmlparser2 may split one text run; joining keeps "one node per run" for readers.
        if (last && !("key" in last) && last.cdata === inCdata) last.text += data;
        else top.children.push({ text: data, cdata: inCdata });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(text);
  return doc;
}

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

/** Decode an attribute value as written (entities, HTML ones too: feeds are sloppy). */
export function decodeAttr(raw: string): string {
  return raw.includes("&") ? decodeAttrEntities(raw) : raw;
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

/** Every child element whose key is in `keys`, in document order. */
export function children(el: XElement, ...keys: string[]): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) if (isElement(c) && keys.includes(c.key)) out.push(c);
  return out;
}
