/** Feed and model text in a pull request: inert on GitHub (no mentions, no issue references) and within its size limit. */
import { truncateAtSentence } from "../sentences.ts";

/**
 * Feed and model text as GitHub shows it without acting on it: in a pull request's description,
 * title or commit message, `@user` and `@org/team` notify people, and `#12`, `owner/repo#12` and
 * `GH-12` link the issue, add to its timeline, or close it once merged ("fixes #12"). A word joiner
 * (U+2060: invisible, no width, not a bidi control) after the `@` or `#` breaks GitHub's patterns,
 * and the editor reads the same text; a backslash would not help, GitHub matches the rendered text.
 */
export function noAutolinks(text: string): string {
  return text
    .replace(/(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "@\u2060")
    .replace(/#(?=\d)/g, "#\u2060")
    .replace(/\b(GH-)(?=\d)/gi, "$1\u2060");
}

/** Longest text (titles, names, reasons) a description shows: a whole story title, not a feed's 1 MB one. */
const MAX_TEXT = 300;
/** Longest link kept in a description; a longer one is dropped (the item stays, without its link). */
const MAX_LINK = 2048;

/**
 * Every string of `value` through noAutolinks() and cut to MAX_TEXT characters (at a sentence or
 * word end), except links (keys
 * `link`), which must point where they did and are dropped beyond MAX_LINK instead.
 */
export function inertView<T>(value: T): T {
  if (typeof value === "string") return noAutolinks(truncateAtSentence(value, MAX_TEXT)) as T;
  if (Array.isArray(value)) return value.map(inertView) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k !== "link" ? inertView(v) : typeof v === "string" && v.length > MAX_LINK ? "" : v,
      ]),
    ) as T;
  }
  return value;
}

/** GitHub refuses ("422 body is too long") a pull request description over this many characters. */
export const MAX_DESCRIPTION = 65_536;

/**
 * The longest prefix of `lists` (by halving) for which `render` fits MAX_DESCRIPTION characters:
 * many long items (a hostile feed's, or real ones with long tracking links) must not stop publishing.
 * `render(n)` shows the first n entries; null when even none fits.
 */
export function fitDescription(total: number, render: (shown: number) => string): string | null {
  let shown = total;
  for (;;) {
    const text = render(shown);
    if (text.length <= MAX_DESCRIPTION) return text;
    if (shown === 0) return null;
    shown = Math.floor(shown / 2);
  }
}
