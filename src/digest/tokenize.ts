/** Per-script tokens for story comparison: words for Latin/Cyrillic, character bigrams for CJK. */

import { CJK, charKind, cjkRunEnd, nextTokenStart, wordEnd } from "./scan.ts";

const ASTRAL = /[\uD800-\uDBFF]/;
/** Characters after which a capital starts a sentence or clause rather than marking a name. */
const CLAUSE_START = new Set([...".!?:;\"“'‘([【「—–-"]);

/** Function words that say nothing about which story an English title is about. */
const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have how in into is it its of on or s that the this to was " +
    "were what when why will with you your we our new now can after over about up out more than vs via"
  ).split(" "),
);

/** One pass over a text: its tokens, the ones that look like names, and acronyms of capitalized runs. */
export interface Scanned {
  tokens: string[];
  /**
   * Lower-cased tokens that look like names or identifiers: inner capitals or digits with letters
   * ("DataStax", "AWS", "Qwen3.5"), a capital not starting a sentence in sentence-case text
   * ("Confluent"), and any Latin word inside CJK text (Chinese writes names in Latin script).
   */
  names: string[];
  /** "Amazon Web Services" → "aws", so one report's AWS is found in another's spelled-out name. */
  acronyms: string[];
}

/**
 * Tokens after NFKC and lower-casing: Latin/Cyrillic/Greek words (English stopwords dropped, "v1.35"
 * as "1.35"), and overlapping character bigrams of each Han/Kana/Hangul run (a lone character kept
 * as itself), because those scripts have no spaces and bigrams are the standard index unit for them.
 * Names and acronyms come from the same pass, since capitals are gone after lower-casing.
 * Stops after `maxTokens` tokens (a lede does not need the whole article).
 */
export function scanText(text: string, maxTokens = Number.POSITIVE_INFINITY): Scanned {
  const t = text.normalize("NFKC");
  const tokens: string[] = [];
  const strong: string[] = []; // names whatever the casing style
  const capitalized: string[] = []; // names only if the text is not Title Case
  const acronyms: string[] = [];
  let hasCjk = false;
  let longWords = 0;
  let longCapitalized = 0;
  let run = ""; // initials of the current run of capitalized words
  let runEnd = -1;
  const flush = () => {
    if (run.length >= 2 && run.length <= 5) acronyms.push(run);
    run = "";
  };
  for (let pos = 0; pos < t.length; ) {
    const start = nextTokenStart(t, pos);
    if (start < 0) break;
    const cjk = charKind(t, start) === CJK;
    const end = cjk ? cjkRunEnd(t, start) : wordEnd(t, start);
    pos = end;
    const w = t.slice(start, end);
    if (cjk) {
      hasCjk = true;
      flush();
      if (w.length === 1) tokens.push(w);
      else if (!ASTRAL.test(w)) for (let i = 0; i + 1 < w.length; i++) tokens.push(w.substring(i, i + 2));
      else {
        // Astral Han (CJK Ext. B) are two UTF-16 units; Array.from keeps them whole.
        const chars = Array.from(w);
        for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      }
      if (tokens.length >= maxTokens) break;
      continue;
    }
    const lower = w.toLowerCase();
    const cap = w.charCodeAt(0) !== lower.charCodeAt(0);
    let innerCap = false;
    let digits = 0;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if (k > 0 && c !== lower.charCodeAt(k)) innerCap = true;
      if ((c >= 48 && c <= 57) || c === 46) digits++;
    }
    // Acronym runs: capitalized words separated by one space ("Cloud Native Computing Foundation").
    if (cap && !innerCap && start === runEnd + 1 && t.charCodeAt(runEnd) === 32) run += lower[0];
    else {
      flush();
      if (cap && !innerCap) run = lower[0]!;
    }
    runEnd = end;
    if (STOPWORDS.has(lower)) continue;
    // "v1.35" is "1.35".
    const token = lower.charCodeAt(0) === 118 && digits > 0 && /^v[0-9]/.test(lower) ? lower.slice(1) : lower;
    tokens.push(token);
    if (tokens.length >= maxTokens) break;
    if (digits === w.length) continue; // a bare number is not a name (numbers are vetted apart)
    if (start > 0 && w.length >= 4) {
      longWords++;
      if (cap) longCapitalized++;
    }
    if (innerCap || digits > 0) strong.push(token);
    else if (cap && !startsClause(t, start)) capitalized.push(token);
    else capitalized.push(`\u0000${token}`); // kept for CJK context below, never a name otherwise
  }
  flush();
  // In a Title Case Headline capitals mark nothing; in CJK text every Latin word is a name.
  const titleCase = longWords >= 2 && longCapitalized / longWords >= 0.6;
  const names = [...strong];
  for (const c of capitalized) {
    const plain = c.startsWith("\u0000") ? c.slice(1) : c;
    if (hasCjk || (!titleCase && plain === c)) names.push(plain);
  }
  if (tokens.length > maxTokens) tokens.length = maxTokens;
  return { tokens, names, acronyms };
}

/** True when the word at `index` starts a text, sentence or clause. */
function startsClause(t: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && t[i] === " ") i--;
  return i < 0 || CLAUSE_START.has(t[i]!);
}

/** The tokens of `text` (see scanText). */
export function tokenize(text: string): string[] {
  return scanText(text).tokens;
}

/** Numbers in a title that name a thing (versions, CVE ids, amounts), years excluded. */
export function titleNumbers(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    // "1.34", "32bn", "40%"; not names with a digit inside ("k8s", "ec2", "i18n").
    const m = /^(\p{Nd}+(?:\.\p{Nd}+)*)\p{L}{0,3}%?$/u.exec(t);
    // A shared year says nothing ("… in 2026"), but 1.34 vs 1.35 or CVE-…-1234 vs …-5678 does.
    if (m?.[1] && !/^(?:19|20)\d\d$/.test(m[1])) out.push(m[1]);
  }
  return out;
}
