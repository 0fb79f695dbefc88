/** Feed discovery: the feeds an HTML page links to (cheerio is used for HTML here and only here). */
import { load } from "cheerio";

/** A feed a page links to. */
export interface DiscoveredFeed {
  url: string;
  type: "rss" | "atom" | "json";
  title: string | null;
}

const TYPES: Record<string, DiscoveredFeed["type"]> = {
  "application/rss+xml": "rss",
  "application/rdf+xml": "rss",
  "application/atom+xml": "atom",
  "application/feed+json": "json",
  "application/json": "json",
};

/**
 * The feeds `html` declares with `<link rel="alternate" type="…rss+xml|atom+xml|feed+json">`, in
 * document order, resolved against `<base href>` and the page URL, without duplicates.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const $ = load(html);
  let base = pageUrl;
  const baseHref = $("base[href]").first().attr("href");
  if (baseHref) {
    try {
      base = new URL(baseHref, pageUrl).href;
    } catch {
      // An unusable <base> is ignored, as browsers do.
    }
  }
  const out: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  $("link[rel][href]").each((_, el) => {
    const link = $(el);
    const rels = (link.attr("rel") ?? "").toLowerCase().split(/\s+/);
    if (!rels.includes("alternate") && !rels.includes("feed")) return;
    const type = TYPES[(link.attr("type") ?? "").split(";")[0]!.trim().toLowerCase()];
    if (!type) return;
    let url: string;
    try {
      url = new URL(link.attr("href")!.trim(), base).href;
    } catch {
      return;
    }
    if (!/^https?:$/.test(new URL(url).protocol) || seen.has(url)) return;
    seen.add(url);
    out.push({ url, type, title: link.attr("title")?.trim() || null });
  });
  return out;
}
