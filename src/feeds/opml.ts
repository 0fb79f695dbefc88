/** OPML 1.0/2.0 subscription lists: reading outlines (import) and writing OPML 2.0 (export). */
import { load } from "cheerio";
import { AppError } from "../errors.ts";

/** One subscription found in an OPML file. */
export interface OpmlFeed {
  url: string;
  title: string | null;
  /** Folder names and `category` values, as tags. */
  tags: string[];
}

/** What an OPML file held: usable feeds, and outlines skipped with the reason. */
export interface OpmlImport {
  feeds: OpmlFeed[];
  skipped: { what: string; reason: string }[];
}

const attr = (attribs: Record<string, string>, name: string): string | undefined => {
  // Readers disagree on case (xmlUrl, xmlurl, XMLURL); OPML attribute names are meant to be camelCase.
  const key = Object.keys(attribs).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : attribs[key]?.trim();
};

/** A folder or category name as a tag: lower case, words joined by '-'. */
export function toTag(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Read the subscriptions of an OPML document; `file` is only used in messages. */
export function parseOpml(text: string, file: string): OpmlImport {
  const $ = load(text, { xml: true });
  if ($("opml").length === 0) throw new AppError("INPUT", `${file}: not an OPML file (no <opml> element)`);
  const out: OpmlImport = { feeds: [], skipped: [] };
  $("outline").each((_, el) => {
    const attribs = (el as unknown as { attribs: Record<string, string> }).attribs;
    const xmlUrl = attr(attribs, "xmlUrl");
    if (!xmlUrl) return; // a folder
    const title = attr(attribs, "title") || attr(attribs, "text") || null;
    let url: URL;
    try {
      url = new URL(xmlUrl);
    } catch {
      out.skipped.push({ what: xmlUrl, reason: "not an absolute URL" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      out.skipped.push({ what: xmlUrl, reason: "not an http(s) URL" });
      return;
    }
    const folders = $(el)
      .parents("outline")
      .toArray()
      .reverse()
      .map((p) => attr((p as unknown as { attribs: Record<string, string> }).attribs, "text") ?? "");
    const categories = (attr(attribs, "category") ?? "").split(",").flatMap((c) => c.split("/"));
    const tags = [...new Set([...folders, ...categories].map(toTag).filter(Boolean))];
    out.feeds.push({ url: xmlUrl, title, tags });
  });
  return out;
}

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");

/** An OPML 2.0 document listing `feeds` (one outline each, tags as the category attribute). */
export function writeOpml(
  feeds: readonly { id: string; title?: string; url: string; tags: readonly string[] }[],
  opts: { title: string; now: Date },
): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${esc(opts.title)}</title>`,
    `    <dateCreated>${opts.now.toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
    ...feeds.map((f) => {
      const name = esc(f.title ?? f.id);
      const category = f.tags.length > 0 ? ` category="${esc(f.tags.join(","))}"` : "";
      return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${esc(f.url)}"${category}/>`;
    }),
    "  </body>",
    "</opml>",
  ];
  return `${lines.join("\n")}\n`;
}
