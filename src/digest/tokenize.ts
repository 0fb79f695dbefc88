/** Per-script tokens for story comparison: words for Latin/Cyrillic, character bigrams for CJK. */

const CJK_CLASS = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}";
/** A CJK run, or a word of other letters/digits; "1.34" stays one token so versions stay distinct. */
const TOKEN = new RegExp(`[${CJK_CLASS}ー]+|[[\\p{L}\\p{N}]--[${CJK_CLASS}]]+(?:\\.\\p{N}+)*`, "gv");
const CJK_START = new RegExp(`^[${CJK_CLASS}]`, "v");

/** Function words that say nothing about which story an English title is about. */
const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have how in into is it its of on or s that the this to was " +
    "were what when why will with you your we our new now can after over about up out more than vs via"
  ).split(" "),
);

/** Trailing " | Site", " - Site", " — Site", " • Site", " \\ Site", "_Site" or " [Site]" (a few words, no sentence). */
const SITE_SUFFIX =
  /\s*(?:\s[|\-–—•·\\/]\s|\s?[|_｜丨]\s?)([^|\-–—•·\\/_｜丨]{1,40})$|\s+\[([^\]]{1,30})\]$/u;
/** Segments that look like a site name but number a series ("Part 2"), so they are content. */
const SERIES = /^(?:part|pt\.?|episode|ep\.?|vol\.?|chapter|day|week|no\.?)\s*\d+$|^第.+[部集期章篇]$/iu;
/** "（来源：新华网）", "(来源: InfoQ)", "(图)", "（组图）" anywhere: republishing credits, not content. */
const CREDIT =
  /[(（]\s*(?:来源|來源|转自|轉自|source|via)\s*[:：][^)）]*[)）]|[(（](?:组?图|视频|圖|視頻)[)）]/giu;
/** A leading "【36氪】" / "[InfoQ]" tag of at most 12 characters. */
const BRACKET_PREFIX = /^\s*(?:【[^】]{1,12}】|\[[^\]]{1,12}\])\s*/u;

/** Words in a text: CJK counts characters, everything else counts space-separated words. */
function weight(text: string): number {
  let n = 0;
  for (const m of text.matchAll(TOKEN)) n += CJK_START.test(m[0]) ? m[0].length / 2 : 1;
  return n;
}

/**
 * A title without its site name: drops republishing credits, a leading 【site】 tag and up to two
 * trailing site segments, but only when what remains still says something (3+ words) — a title
 * like "Go 1.25 - Release notes" must not become "Go 1.25" and collide with every other release.
 */
export function stripSiteAffixes(title: string): string {
  let t = title.normalize("NFKC").replace(CREDIT, " ").trim();
  const noPrefix = t.replace(BRACKET_PREFIX, "");
  if (weight(noPrefix) >= 3) t = noPrefix;
  for (let i = 0; i < 2; i++) {
    const m = SITE_SUFFIX.exec(t);
    if (!m) break;
    const segment = (m[1] ?? m[2] ?? "").trim();
    const rest = t.slice(0, m.index).trim();
    if (SERIES.test(segment) || weight(segment) > 5 || weight(rest) < Math.max(3, weight(segment) + 1)) break;
    t = rest;
  }
  return t.trim();
}

/** Feed boilerplate after the lede: WordPress "The post … appeared first on …", "Read more", credits. */
const SUMMARY_TAIL =
  /\s*(?:The post .{0,300} appeared first on .{0,120}$|(?:Continue reading|Read more|Read the full story)\b.*$|(?:本文)?(?:来源|來源|原文链接|原标题)\s*[:：].*$|\[(?:…|\.\.\.)\]\s*$)/isu;

/** A summary without feed boilerplate that would make unrelated posts from one site look alike. */
export function stripSummaryBoilerplate(summary: string): string {
  return summary.normalize("NFKC").replace(CREDIT, " ").replace(SUMMARY_TAIL, "").trim();
}

/**
 * Tokens of `text` after NFKC and lower-casing: Latin/Cyrillic/Greek words (English stopwords
 * dropped), and overlapping character bigrams of each Han/Kana/Hangul run (a lone character is kept
 * as itself), because those scripts have no spaces and bigrams are the standard index unit for them.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
    const run = m[0];
    if (!CJK_START.test(run)) {
      // "v1.35" and "1.35" are one version.
      if (!STOPWORDS.has(run)) out.push(/^v\d/.test(run) ? run.slice(1) : run);
    } else if (run.length === 1) {
      out.push(run);
    } else {
      // Runs are mostly BMP; Array.from keeps astral Han (CJK Ext. B) characters whole.
      const chars = run.length === [...run].length ? run : Array.from(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

/** Most words of a Title Case Headline are capitalized, so there capitals do not mark names. */
function isTitleCase(words: readonly string[]): boolean {
  const long = words.slice(1).filter((w) => w.length >= 4 && /^\p{L}/u.test(w));
  return long.length >= 2 && long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length >= 0.6;
}

/**
 * Lower-cased tokens of `text` that look like names or identifiers: inner capitals or digits with
 * letters anywhere ("DataStax", "AWS", "v1.35", "Qwen3.5"), a capital not at a sentence start in
 * sentence-case text ("Confluent"), and any Latin word inside CJK text (Chinese writes names in
 * Latin script). Names decide whether two reports are about the same thing.
 */
export function nameTokens(text: string): string[] {
  const t = text.normalize("NFKC");
  const matches = [...t.matchAll(TOKEN)].filter((m) => !CJK_START.test(m[0]));
  const inCjk = CJK_START.test(t.replace(/^[^\p{L}]*/u, "")) || new RegExp(`[${CJK_CLASS}]`, "v").test(t);
  const titleCase = isTitleCase(matches.map((m) => m[0]));
  const out: string[] = [];
  for (const m of matches) {
    const w = m[0];
    const lower = w.toLowerCase();
    if (STOPWORDS.has(lower) || /^[\p{N}.]+$/u.test(w)) continue;
    const inner = /.\p{Lu}/u.test(w) || (/\p{N}/u.test(w) && /\p{L}/u.test(w));
    const initial =
      /^\p{Lu}/u.test(w) && !titleCase && !/(?:^|[.!?:;"“'‘([【「—–-])\s*$/u.test(t.slice(0, m.index));
    if (inner || initial || inCjk) out.push(lower);
  }
  return out;
}

/**
 * Acronyms of runs of capitalized words ("Amazon Web Services" → "aws", "Cloud Native Computing
 * Foundation" → "cncf"), so one report's AWS is found in another's Amazon Web Services.
 */
export function acronyms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFKC").matchAll(/\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*)+/gu)) {
    const initials = m[0].split(" ").map((w) => w[0]!.toLowerCase());
    if (initials.length <= 5) out.push(initials.join(""));
  }
  return out;
}

/** Numbers in a title that name a thing (versions, CVE ids, amounts), years excluded. */
export function titleNumbers(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    // "1.34", "v1.35", "32bn", "40%"; not names with a digit inside ("k8s", "ec2", "i18n").
    const m = /^v?(\p{Nd}+(?:\.\p{Nd}+)*)\p{L}{0,3}%?$/u.exec(t);
    // A shared year says nothing ("… in 2026"), but 1.34 vs 1.35 or CVE-…-1234 vs …-5678 does.
    if (m?.[1] && !/^(?:19|20)\d\d$/.test(m[1])) out.push(m[1]);
  }
  return out;
}
