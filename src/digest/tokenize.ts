/** Per-script tokens for story comparison: words for Latin/Cyrillic, character bigrams for CJK. */

import { CJK, charKind, cjkRunEnd, nextTokenStart, wordEnd } from "./scan.ts";
import { HASH_KEYS, type KeyOps, STRING_KEYS } from "./token-keys.ts";

/** Characters after which a capital starts a sentence or clause rather than marking a name. */
const CLAUSE_START = new Set([...".!?:;\"“'‘([【「—–-"]);

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

/** A scan's keys: tokens, names and acronyms (see Scanned), plus the tokens that contain digits. */
export interface ScanResult<T> {
  tokens: T[];
  names: T[];
  acronyms: string[];
  digitTokens: string[];
}

function scanCore<T>(text: string, maxTokens: number, keys: KeyOps<T>): ScanResult<T> {
  const t = text.normalize("NFKC");
  const tokens: T[] = [];
  const strong: T[] = []; // names whatever the casing style
  const capitalized: T[] = []; // names only if the text is not Title Case
  const plain: T[] = []; // names only in CJK text
  const acronyms: string[] = [];
  const digitTokens: string[] = [];
  let hasCjk = false;
  let longWords = 0;
  let longCapitalized = 0;
  let run = ""; // initials of the current run of capitalized words
  let runEnd = -1;
  const flush = () => {
    if (run.length >= 2 && run.length <= 5) acronyms.push(run);
    run = "";
  };
  for (let pos = 0; pos < t.length && tokens.length < maxTokens; ) {
    const start = nextTokenStart(t, pos);
    if (start < 0) break;
    if (charKind(t, start) === CJK) {
      pos = cjkRunEnd(t, start);
      hasCjk = true;
      flush();
      keys.cjk(t, start, pos, tokens);
      continue;
    }
    const end = wordEnd(t, start);
    pos = end;
    // ASCII words (most) are read char by char; others go through toLowerCase once.
    let lower: string | null = null;
    let cap = false;
    let innerCap = false;
    let digits = 0;
    for (let k = start; k < end; k++) {
      const c = t.charCodeAt(k);
      if (c >= 128) {
        const w = t.slice(start, end);
        lower = w.toLowerCase();
        cap = w[0] !== lower[0];
        innerCap = w.slice(1) !== lower.slice(1);
        break;
      }
      if (c >= 65 && c <= 90) {
        if (k === start) cap = true;
        else innerCap = true;
      }
      if ((c >= 48 && c <= 57) || c === 46) digits++;
    }
    // Lower-cased first letter, as a string only when an acronym needs it (most words are not).
    const initialCode = lower === null ? t.charCodeAt(start) | 32 : lower.charCodeAt(0);
    const initial = () => (lower === null ? String.fromCharCode(initialCode) : lower[0]!);
    // Acronym runs: capitalized words separated by one space ("Cloud Native Computing Foundation").
    if (cap && !innerCap && start === runEnd + 1 && t.charCodeAt(runEnd) === 32) run += initial();
    else {
      flush();
      if (cap && !innerCap) run = initial();
    }
    runEnd = end;
    // "v1.35" is "1.35".
    const v = digits > 0 && initialCode === 118 && isDigit(t.charCodeAt(start + 1)) ? 1 : 0;
    const key = keys.word(t, start + v, end, lower === null ? null : lower.slice(v));
    if (key === null) continue;
    tokens.push(key);
    if (digits > 0) digitTokens.push(lower === null ? t.slice(start + v, end).toLowerCase() : lower.slice(v));
    if (digits === end - start) continue; // a bare number is not a name (numbers are vetted apart)
    if (start > 0 && end - start >= 4) {
      longWords++;
      if (cap) longCapitalized++;
    }
    if (innerCap || digits > 0) strong.push(key);
    else if (cap && !startsClause(t, start)) capitalized.push(key);
    else plain.push(key);
  }
  flush();
  if (tokens.length > maxTokens) tokens.length = maxTokens;
  // In a Title Case Headline capitals mark nothing; in CJK text every Latin word is a name.
  const titleCase = longWords >= 2 && longCapitalized / longWords >= 0.6;
  const names = hasCjk
    ? [...strong, ...capitalized, ...plain]
    : titleCase
      ? strong
      : [...strong, ...capitalized];
  return { tokens, names, acronyms, digitTokens };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Tokens after NFKC and lower-casing: Latin/Cyrillic/Greek words (English stopwords dropped, "v1.35"
 * as "1.35"), and overlapping character bigrams of each Han/Kana/Hangul run (a lone character kept
 * as itself), because those scripts have no spaces and bigrams are the standard index unit for them.
 * Names and acronyms come from the same pass, since capitals are gone after lower-casing.
 * Stops after `maxTokens` tokens (a lede does not need the whole article).
 */
export function scanText(text: string, maxTokens = Number.POSITIVE_INFINITY): Scanned {
  const { tokens, names, acronyms } = scanCore(text, maxTokens, STRING_KEYS);
  return { tokens, names, acronyms };
}

/**
 * scanText with every token and name as hashString(token), computed without building the
 * strings (most of clustering's allocations), plus the digit-bearing tokens as text for numbers.
 */
export function scanHashes(text: string, maxTokens = Number.POSITIVE_INFINITY): ScanResult<number> {
  return scanCore(text, maxTokens, HASH_KEYS);
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
