/** Site names and feed boilerplate around titles and summaries, removed before comparing stories. */
import { countWords } from "./scan.ts";

/** Trailing " | Site", " - Site", " — Site", " • Site", " \\ Site", "_Site" or " [Site]" (a few words, no sentence). */
const SITE_SUFFIX =
  /\s*(?:\s[|\-–—•·\\/]\s|\s?[|_｜丨]\s?)([^|\-–—•·\\/_｜丨]{1,40})$|\s+\[([^\]]{1,30})\]$/u;
const SEPARATOR = /[|\-–—•·\\/_｜丨\]]/u;
/** Segments that look like a site name but number a series ("Part 2"), so they are content. */
const SERIES = /^(?:part|pt\.?|episode|ep\.?|vol\.?|chapter|day|week|no\.?)\s*\d+$|^第.+[部集期章篇]$/iu;
/** "（来源：新华网）", "(来源: InfoQ)", "(图)", "（组图）" anywhere: republishing credits, not content. */
const CREDIT =
  /[(（]\s*(?:来源|來源|转自|轉自|source|via)\s*[:：][^)）]*[)）]|[(（](?:组?图|视频|圖|視頻)[)）]/giu;
/** A leading "【36氪】" / "[InfoQ]" tag of at most 12 characters. */
const BRACKET_PREFIX = /^\s*(?:【[^】]{1,12}】|\[[^\]]{1,12}\])\s*/u;

/**
 * A title without its site name: drops republishing credits, a leading 【site】 tag and up to two
 * trailing site segments, but only when what remains still says something (3+ words) — a title
 * like "Go 1.25 - Release notes" must not become "Go 1.25" and collide with every other release.
 */
export function stripSiteAffixes(title: string): string {
  // The cheap includes() checks spare most titles the regexes (this runs for every entry of a week).
  let t = title.normalize("NFKC");
  if (t.includes("(")) t = t.replace(CREDIT, " ");
  t = t.trim();
  if (t.startsWith("【") || t.startsWith("[")) {
    const noPrefix = t.replace(BRACKET_PREFIX, "");
    if (countWords(noPrefix) >= 3) t = noPrefix;
  }
  for (let i = 0; i < 2 && SEPARATOR.test(t); i++) {
    const m = SITE_SUFFIX.exec(t);
    if (!m) break;
    const segment = (m[1] ?? m[2] ?? "").trim();
    const rest = t.slice(0, m.index).trim();
    if (
      SERIES.test(segment) ||
      countWords(segment) > 5 ||
      countWords(rest) < Math.max(3, countWords(segment) + 1)
    )
      break;
    t = rest;
  }
  return t.trim();
}

/** Feed boilerplate after the lede: WordPress "The post … appeared first on …", "Read more", credits. */
const SUMMARY_TAIL =
  /\s*(?:The post .{0,300} appeared first on .{0,120}$|(?:Continue reading|Read more|Read the full story)\b.*$|(?:本文)?(?:来源|來源|原文链接|原标题)\s*[:：].*$|\[(?:…|\.\.\.)\]\s*$)/isu;

/** Literal parts of SUMMARY_TAIL, which is costly to try at every position of every summary. */
const SUMMARY_TAIL_HINT =
  /The post |Continue reading|Read more|Read the full story|来源|來源|原文链接|原标题|\[(?:…|\.\.\.)\]/i;

/** A summary without feed boilerplate that would make unrelated posts from one site look alike. */
export function stripSummaryBoilerplate(summary: string): string {
  let s = summary.normalize("NFKC");
  if (s.includes("(")) s = s.replace(CREDIT, " ");
  if (SUMMARY_TAIL_HINT.test(s)) s = s.replace(SUMMARY_TAIL, "");
  return s.trim();
}
