/**
 * Text → XElement tree on htmlparser2's Tokenizer (xmlMode). The tokenizer never expands DTD
 * entities and never fetches anything, so billion laughs and XXE are inert. Its Parser layer is
 * not used: it keeps open elements with Array#unshift and scans the whole stack for every stray
 * end tag, which made 5 MB of unclosed or mismatched tags take minutes. Here the stack is
 * pushed and popped at its end, a stray end tag looks back a bounded distance, and elements
 * deeper than MAX_DEPTH are counted, not built, so every token costs O(1).
 */
import { Tokenizer } from "htmlparser2";
import { canonicalPrefix, KNOWN_PREFIXES } from "./namespaces.ts";
import { resolveUrl } from "./urls.ts";
import { decodeAttr, type XElement } from "./xmltree.ts";

/** Deeper elements are flattened into their ancestor: no feed needs them, recursion would. */
export const MAX_DEPTH = 200;
// How far back an end tag looks for its start tag before it is ignored as stray.
const CLOSE_SEARCH = 64;
const XML_NS = "http://www.w3.org/XML/1998/namespace";

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
  const stack: XElement[] = [];
  const names: string[] = [];
  const scopes: Array<Map<string, string> | null> = [];
  const nsByUri = new Map<string, string>();
  let homeNs = "";
  let skipped = 0;

  const lookup = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return prefix === "xml" ? XML_NS : undefined;
  };

  const nsOf = (prefix: string): string => {
    const uri = lookup(prefix);
    // Undeclared prefixes: sloppy feeds write dc:creator without xmlns:dc, so known ones count.
    if (uri === undefined) return prefix && KNOWN_PREFIXES.has(prefix) ? prefix : prefix ? `?${prefix}` : "";
    if (uri === "") return "";
    const known = nsByUri.get(uri);
    if (known !== undefined) return known;
    const ns = canonicalPrefix(uri) ?? `{${uri}}`;
    nsByUri.set(uri, ns);
    return ns;
  };

  const open = (qname: string, attrs: Record<string, string>): void => {
    if (stack.length >= MAX_DEPTH) {
      skipped++;
      return;
    }
    let scope: Map<string, string> | null = null;
    for (const name in attrs) {
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        scope ??= new Map();
        scope.set(name === "xmlns" ? "" : name.slice(6), attrs[name]!.trim());
      }
    }
    scopes.push(scope);
    const colon = qname.indexOf(":");
    const local = colon > 0 ? qname.slice(colon + 1) : qname;
    let ns = nsOf(colon > 0 ? qname.slice(0, colon) : "");
    const parent = stack[stack.length - 1];
    // A document reads its own vocabulary bare ("entry" in Atom, "item" in RSS under any of its
    // namespaces, known or not), while foreign elements keep a prefix ("atom:link").
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
    names.push(qname);
  };

  const close = (qname: string): void => {
    if (skipped > 0) {
      skipped--;
      return;
    }
    // Closing an ancestor closes everything opened inside it (a missing end tag is recovered).
    for (let i = names.length - 1; i >= 0 && i >= names.length - CLOSE_SEARCH; i--) {
      if (names[i] === qname) {
        stack.length = names.length = scopes.length = i;
        return;
      }
    }
  };

  const addText = (data: string, cdata: boolean): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    const last = top.children[top.children.length - 1];
    // The tokenizer may split one run of text; joining keeps "one node per run" for readers.
    if (last && !("key" in last) && last.cdata === cdata) last.text += data;
    else top.children.push({ text: data, cdata });
  };

  let tag = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";
  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tag = text.slice(start, end).toLowerCase();
        attrs = Object.create(null) as Record<string, string>;
      },
      onattribname(start, end) {
        attrName = text.slice(start, end).toLowerCase();
        attrValue = "";
      },
      onattribdata(start, end) {
        attrValue += text.slice(start, end);
      },
      onattribentity(cp) {
        attrValue += String.fromCodePoint(cp);
      },
      onattribend() {
        if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
        attrValue = "";
      },
      onopentagend() {
        open(tag, attrs);
      },
      onselfclosingtag() {
        open(tag, attrs);
        close(tag);
      },
      onclosetag(start, end) {
        close(text.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        addText(text.slice(start, end), false);
      },
      ontextentity(cp) {
        addText(String.fromCodePoint(cp), false);
      },
      oncdata(start, end, offset) {
        addText(text.slice(start, end - offset), true);
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  return doc;
}
