/**
 * Feed text → XElement tree. The tokenizer (tokenize.ts) never expands DTD entities and never
 * fetches anything, so billion laughs and XXE are inert. The open-element stack is pushed and
 * popped at its end, a stray end tag looks back a bounded distance, and elements beyond the
 * limits (limits.ts) are counted, not built: every token costs O(1), whatever the input, and the
 * tree is at most so large. Elements nested too deep give their text to the deepest one built;
 * past the element limits, and in entries past MAX_ENTRIES, text is dropped as well (joining a
 * million runs of it would cost a million string pieces), as are runs of text past MAX_ELEMENTS.
 */

import { MAX_DEPTH, MAX_ELEMENTS, MAX_ENTRIES, MAX_ENTRY_ELEMENTS } from "../limits.ts";
import { resolveUrl } from "../urls.ts";
import { canonicalPrefix, KNOWN_PREFIXES } from "./namespaces.ts";
import { tokenize } from "./tokenize.ts";
import { decodeAttr, type XElement, type XNode } from "./xmltree.ts";

// How far back an end tag looks for its start tag before it is ignored as stray.
const CLOSE_SEARCH = 64;
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const CONTAINERS = new Set(["rss", "rdf", "channel", "item", "feed", "entry"]);
const NON_SPACE = /\S/;

// Shared by every element until its first child: most elements are leaves, and an empty array
// with room to grow costs more than the element itself (about 150 bytes).
const NO_CHILDREN: XNode[] = Object.freeze([]) as unknown as XNode[];

function appendChild(parent: XElement, node: XNode): void {
  // A one-element literal is allocated at its exact size; it grows on the second child.
  if (parent.children === NO_CHILDREN) parent.children = [node];
  else parent.children.push(node);
}

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
  let built = 0;
  let runs = 0;
  // Inside an element that is dropped with its text: how many elements are open in it.
  let dropped = 0;
  let entries = 0;
  // The depth of the entry being built (-1 outside one), and the elements built inside it.
  let entryAt = -1;
  let entryElements = 0;

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
    if (dropped > 0) {
      dropped++;
      return;
    }
    const colon = qname.indexOf(":");
    const local = colon > 0 ? qname.slice(colon + 1) : qname;
    // An item or entry: a child of the root (Atom, RSS 1.0) or of channel (RSS 2.0).
    const isEntry = stack.length <= 2 && skipped === 0 && (local === "item" || local === "entry");
    if (isEntry && ++entries > MAX_ENTRIES) {
      dropped = 1;
      return;
    }
    // Elements too deep count towards MAX_ELEMENTS too: it also bounds the text runs they add.
    const inEntry = entryAt >= 0 && stack.length > entryAt;
    if (++built > MAX_ELEMENTS || (inEntry && ++entryElements > MAX_ENTRY_ELEMENTS)) {
      dropped = 1;
      return;
    }
    if (skipped > 0 || stack.length >= MAX_DEPTH) {
      skipped++;
      return;
    }
    if (isEntry) {
      entryAt = stack.length;
      entryElements = 0;
    }
    let scope: Map<string, string> | null = null;
    for (const name in attrs) {
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        scope ??= new Map();
        scope.set(name === "xmlns" ? "" : name.slice(6), attrs[name]!.trim());
      }
    }
    scopes.push(scope);
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
      children: NO_CHILDREN,
      base: xmlBase !== undefined ? resolveUrl(decodeAttr(xmlBase), parentBase) : parentBase,
    };
    appendChild(parent ?? doc, el);
    stack.push(el);
    names.push(qname);
  };

  const close = (qname: string): void => {
    if (dropped > 0) {
      dropped--;
      return;
    }
    if (skipped > 0) {
      skipped--;
      return;
    }
    // Closing an ancestor closes everything opened inside it (a missing end tag is recovered).
    for (let i = names.length - 1; i >= 0 && i >= names.length - CLOSE_SEARCH; i--) {
      if (names[i] === qname) {
        stack.length = names.length = scopes.length = i;
        if (i <= entryAt) entryAt = -1;
        return;
      }
    }
  };

  const addText = (data: string, cdata: boolean): void => {
    const top = stack[stack.length - 1];
    if (!top || dropped > 0) return;
    // Indentation between items and their fields is most of a feed's text nodes and means
    // nothing; skipping it saves allocation (and GC) on every document.
    if (!cdata && CONTAINERS.has(top.local) && !NON_SPACE.test(data)) return;
    // Runs of text are bounded like elements: a million CDATA sections or comments between
    // characters would otherwise be a million nodes, or string pieces joined into one.
    if (++runs > MAX_ELEMENTS) return;
    const last = top.children[top.children.length - 1];
    // The tokenizer may split one run of text; joining keeps "one node per run" for readers.
    if (last && !("key" in last) && last.cdata === cdata) last.text += data;
    else appendChild(top, { text: data, cdata });
  };

  tokenize(text, "xml", {
    open(name, attrs, selfClosing) {
      open(name, attrs);
      if (selfClosing) close(name);
    },
    close,
    text: addText,
  });
  return doc;
}
