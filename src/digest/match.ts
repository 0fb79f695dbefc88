/** Keyword / regex patterns for tag rules and include/exclude filters, compiled once per config. */
import { AppError } from "../errors.ts";

/** A compiled list of patterns; matches when any one of them does. */
export interface Matcher {
  /** The patterns as written, in order. */
  readonly patterns: readonly string[];
  /** True when any pattern matches `text`. */
  matches(text: string): boolean;
  /** The first pattern (as written) that matches `text`, or null; for "filtered by rule X" reports. */
  find(text: string): string | null;
}

/** Han, Kana and Hangul: scripts written without spaces, so keywords there are substrings. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;

/** Text compared the way keywords are: NFKC (full-width "ＡＩ" is "AI") and lower case. */
function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A Latin keyword as a regex that only matches whole words ("ai" not in "maintain"). */
function wordRegex(keyword: string): RegExp {
  const body = keyword.split(/\s+/).map(escapeRegex).join("\\s+");
  // Lookarounds instead of \b: \b is ASCII-only and misreads "C++" or "Ünsal". CJK letters are not
  // word characters here because Chinese text runs Latin words into Han ("Kubernetes客户端").
  const word =
    "[[\\p{L}\\p{N}_]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]]";
  return new RegExp(`(?<!${word})${body}(?!${word})`, "v");
}

/** Compiles one pattern to a test on folded text (keywords) or raw text (regexes). */
function compileOne(pattern: string, where: string): { folded: boolean; test: (s: string) => boolean } {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) {
    // g and y make RegExp.test stateful (lastIndex), which would skip every other match.
    const flags = (literal[2] ?? "").replace(/[gy]/g, "");
    let re: RegExp;
    try {
      re = new RegExp(literal[1] ?? "", flags);
    } catch (err) {
      // V8 says "Invalid regular expression: /bad(/: Unterminated group"; keep only the reason.
      const msg = err instanceof Error ? err.message : String(err);
      const cut = msg.lastIndexOf(": ");
      const why = cut < 0 ? msg : msg.slice(cut + 2);
      throw new AppError("CONFIG", `${where}: ${pattern}: invalid regular expression (${why})`, {
        cause: err,
      });
    }
    return { folded: false, test: (s) => re.test(s) };
  }
  const keyword = fold(pattern.trim());
  if (keyword === "")
    throw new AppError("CONFIG", `${where}: empty pattern (expected a keyword or /regex/flags)`);
  if (CJK.test(keyword)) return { folded: true, test: (s) => s.includes(keyword) };
  const re = wordRegex(keyword);
  return { folded: true, test: (s) => re.test(s) };
}

/**
 * Compiles keywords (Latin at word boundaries, CJK as substrings, both case-insensitive after NFKC)
 * and `/regex/flags` (flags as written). Throws AppError CONFIG naming `where` for a bad pattern.
 */
export function compilePatterns(patterns: readonly string[], where: string): Matcher {
  const compiled = patterns.map((p) => compileOne(p, where));
  const list = Object.freeze([...patterns]);
  const find = (text: string): string | null => {
    let folded: string | undefined;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i]!;
      if (c.folded) folded ??= fold(text);
      if (c.test(c.folded ? folded! : text)) return list[i]!;
    }
    return null;
  };
  return { patterns: list, find, matches: (text) => find(text) !== null };
}
