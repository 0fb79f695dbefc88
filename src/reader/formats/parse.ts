/**
 * Feed bytes → ParsedFeed, for every format feedwright reads. Synchronous: nothing here waits
 * on I/O. XML is read into a forgiving tree (xmlbuild.ts) rather than through rss-parser, whose
 * strict xml2js layer cannot recover broken feeds, flattens XHTML and ignores xml:base, and is
 * also where all of rss-parser's time goes (bench/README.md has the figures).
 */
import { AppError } from "../../errors.ts";
import type { ParsedFeed } from "../../types.ts";
import { decodeBytes, httpCharset } from "../charset/decode.ts";
import { MAX_ELEMENTS } from "../limits.ts";
import { readAtom } from "./atom.ts";
import { countJsonContainers } from "./json-containers.ts";
import { readJsonFeed } from "./jsonfeed.ts";
import { recoverXml } from "./recover.ts";
import { readRss } from "./rss.ts";
import { buildTree } from "./xmlbuild.ts";
import { attr, child, children, isElement, rebase, type XElement } from "./xmltree.ts";

/** Where the bytes came from: the document URL (for relative links) and the HTTP Content-Type. */
export interface ParseOptions {
  baseUrl?: string;
  contentType?: string;
}

const FEED_ROOTS = new Set(["rss", "rdf:rdf", "feed", "channel"]);

function looksLikeJson(text: string, contentType: string | undefined): boolean {
  if (contentType && /\bjson\b/i.test(contentType.split(";")[0]!)) return true;
  return /^\s*\{/.test(text.slice(0, 1024));
}

function findRoot(doc: XElement): XElement {
  const tops = doc.children.filter(isElement);
  const root = tops.find((el) => FEED_ROOTS.has(el.key) || FEED_ROOTS.has(el.local));
  if (root) return root;
  const first = tops[0];
  if (!first) throw new AppError("PARSE", "no XML element found: the document is empty or not markup");
  if (first.local === "html") throw new AppError("NOT_A_FEED", "not a feed: the document is an HTML page");
  throw new AppError("NOT_A_FEED", `not a feed: root element <${first.local}> is not RSS, Atom or RDF`);
}

/** The feed's own absolute rel="self" URL, the best stand-in for a missing document URL. */
function selfUrl(root: XElement): string | null {
  const holder = child(root, "channel") ?? root;
  for (const link of children(holder, "link", "atom:link")) {
    if ((attr(link, "rel") ?? "").trim().toLowerCase() !== "self") continue;
    try {
      return new URL(attr(link, "href")?.trim() ?? "").href;
    } catch {
      return null;
    }
  }
  return null;
}

/** Parse a feed document (RSS 0.9x–2.0, RSS 1.0/RDF, Atom 0.3/1.0, JSON Feed 1.x) from its bytes. */
export function parseFeed(bytes: Uint8Array, opts: ParseOptions = {}): ParsedFeed {
  if (bytes.length === 0) throw new AppError("PARSE", "empty document (0 bytes)");
  const baseUrl = opts.baseUrl?.trim() || null;
  const { text } = decodeBytes(bytes, opts.contentType);
  if (looksLikeJson(text, opts.contentType)) {
    // JSON is UTF-8 by definition (RFC 8259) unless the server insisted on a charset.
    const source = httpCharset(opts.contentType) ? text : new TextDecoder().decode(bytes);
    // The XML tree stops building at MAX_ELEMENTS; JSON.parse cannot, so such a document is refused.
    if (countJsonContainers(source, MAX_ELEMENTS) > MAX_ELEMENTS) {
      throw new AppError(
        "PARSE",
        `JSON feed with more than ${MAX_ELEMENTS.toLocaleString("en-US")} objects and arrays: refused (no real feed has so many)`,
      );
    }
    return readJsonFeed(source.replace(/^\uFEFF/, ""), baseUrl);
  }
  const doc = buildTree(recoverXml(text), baseUrl);
  const root = findRoot(doc);
  if (!baseUrl) {
    const self = selfUrl(root);
    if (self) rebase(doc, self);
  }
  const key = root.key === "rdf:rdf" || root.local === "rdf" ? "rdf:rdf" : root.key;
  return key === "feed" || root.local === "feed" ? readAtom(root) : readRss(root);
}
