/**
 * How a scan turns token spans into keys: strings for people and tests, or the same tokens'
 * hashString() values computed straight from the text, which spares clustering a string per token.
 */
import { hashString, mix32 } from "./minhash.ts";

const ASTRAL = /[\uD800-\uDBFF]/;
/** Function words that say nothing about which story an English title is about. */
const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have how in into is it its of on or s that the this to was " +
    "were what when why will with you your we our new now can after over about up out more than vs via"
  ).split(" "),
);

/** How a scan turns spans into keys: strings for people and tests, hashes for clustering. */
export interface KeyOps<T> {
  /** The key of word t[start, end) (lower-cased, or `lower` when given), or null for a stopword. */
  word(t: string, start: number, end: number, lower: string | null): T | null;
  /** Pushes the keys of the CJK run t[start, end): its bigrams, or the lone character. */
  cjk(t: string, start: number, end: number, out: T[]): void;
}

/** CJK run → bigram strings (astral Han, two UTF-16 units each, kept whole). */
function cjkStrings(t: string, start: number, end: number, out: string[]): void {
  const w = t.slice(start, end);
  const chars = ASTRAL.test(w) ? Array.from(w) : w;
  if (chars.length === 1) out.push(w);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** Lower-cased token strings; stopwords dropped. */
export const STRING_KEYS: KeyOps<string> = {
  word(t, start, end, lower) {
    const w = lower ?? t.slice(start, end).toLowerCase();
    return STOPWORDS.has(w) ? null : w;
  },
  cjk: cjkStrings,
};

const STOP_HASHES = new Set([...STOPWORDS].map(hashString));
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Same values as hashString(token), computed from the text without making the token string. */
export const HASH_KEYS: KeyOps<number> = {
  word(t, start, end, lower) {
    if (lower !== null) return STOPWORDS.has(lower) ? null : hashString(lower);
    let h = FNV_OFFSET;
    for (let k = start; k < end; k++) {
      const c = t.charCodeAt(k);
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
    }
    const hash = mix32(h);
    return STOP_HASHES.has(hash) ? null : hash;
  },
  cjk(t, start, end, out) {
    if (end - start === 1) out.push(mix32(Math.imul(FNV_OFFSET ^ t.charCodeAt(start), FNV_PRIME)));
    else if (!ASTRAL.test(t.slice(start, end))) {
      for (let i = start; i + 1 < end; i++) {
        const h = Math.imul(
          Math.imul(FNV_OFFSET ^ t.charCodeAt(i), FNV_PRIME) ^ t.charCodeAt(i + 1),
          FNV_PRIME,
        );
        out.push(mix32(h));
      }
    } else {
      const strings: string[] = [];
      cjkStrings(t, start, end, strings);
      for (const b of strings) out.push(hashString(b));
    }
  },
};
