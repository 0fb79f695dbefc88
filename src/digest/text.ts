/** Text helpers for drafts: Markdown escaping, safe link targets, sentence-boundary truncation. */

/**
 * Characters that make text display other than it reads: the bidirectional embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source") are dropped, and so are the C0
 * controls other than tab and line ends, DEL and the C1 controls (a NUL makes git and GitHub take
 * the draft for a binary file; XML forbids C0 controls, but JSON Feed strings and model answers
 * can hold any); the line breaks of YAML 1.1 and some editors that Markdown does not know (NEL
 * U+0085, U+2028, U+2029) become spaces. The reader drops them when it stores an entry
 * (reader/html/text.ts); stores written before that, and model answers, may still hold them, so every
 * draft output goes through here again.
 */
const INVISIBLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;
/**
 * Unicode tag characters (U+E0000–U+E007F) spell a whole hidden ASCII text ("ASCII smuggling"),
 * invisible to the editor; their one use, the subdivision flags (🏴 + tags, e.g. England's), stays.
 */
const TAGS = /(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]/gu;
const AS_SPACE = new Set(["\u0085", "\u2028", "\u2029"]);
const KEPT = new Set(["\t", "\n", "\r"]);

/** Text without bidi, control or stray tag characters, and with NEL, U+2028 and U+2029 as spaces (see INVISIBLE). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => (KEPT.has(c) ? c : AS_SPACE.has(c) ? " " : "")).replace(TAGS, "");
}

/**
 * Text that the editor's site can only show, never run: Liquid (`{{ }}`, `{% %}`) and Hugo
 * shortcodes (`{{< >}}`, `{{% %}}`) all need a `{`, so `{` and `}` become the character references
 * `&#123;` and `&#125;`, which Liquid and Hugo pass through and Markdown (kramdown, Goldmark) shows
 * as the braces. Escaping rather than `{% raw %}` wrapping: raw blocks cannot nest, a text holding
 * `{% endraw %}` would end one, and Hugo has no such block. `-->` (and `--!>`) becomes `--&gt;` so
 * text inside an HTML comment cannot end it. Every `{{…}}` a template writes passes through here.
 */
export function siteText(text: string): string {
  return visibleText(text)
    .replace(/[{}]/g, (c) => (c === "{" ? "&#123;" : "&#125;"))
    .replace(/--(!?)>/g, "--$1&gt;");
}

/**
 * Escape text so Markdown renders it literally (titles with *, _, [, ], #, <, |, $ …); newlines
 * become spaces. An `&` that would start a character reference becomes `&amp;`, so "&amp;" or
 * "&#123;" in a title shows as written: an escaped `#` is not enough, since kramdown writes the
 * text `&#x202e;` back out as a reference, which would bring back a bidi override. `$` is escaped
 * for kramdown, which reads `$$…$$` as math. Goldmark (Hugo) makes links of bare URLs and e-mail
 * addresses in text: `ftp:` is escaped and an address's `@` written `&#64;` (kramdown shows
 * `\@` as written), so text yields no link but http(s) ones. Braces, bidi controls and comment
 * ends are left to siteText(), which every template output passes through.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
    .replace(/[\\`*_[\]<>#|~!$]/g, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2")
    .replace(/^([-+=])(?=[\s\-+=]|$)/, "\\$1")
    .replace(/\b(ftp):/gi, "$1\\:")
    .replace(/(?<=[A-Za-z0-9._%+-])@(?=[A-Za-z0-9-]+\.)/g, "&#64;");
}

/** Percent-encoding of one character, as in a URL. */
const pct = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * A link target safe inside Markdown `( )` and inert in the site: http(s) only (else ""); spaces,
 * quotes, parentheses and angle brackets encoded; `{` and `}` encoded (Liquid and shortcodes need
 * them; a URL parser, the host included, decodes them back, so the link points where it did), and
 * a `%` that does not start a valid escape becomes `%25`. `|` and `` ` `` are encoded too (URL
 * parsers keep them in paths and queries): a `|` splits a GitHub table cell even inside a link,
 * and a backtick can open a code span that swallows the links after it.
 */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return "";
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return "";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "";
  return u.href.replace(/%(?![0-9A-Fa-f]{2})/g, "%25").replace(/[ ()<>"'\\{}|`]/g, pct);
}

const BOILERPLATE = [
  /\s*The post .{1,300}? appeared first on .{1,200}?\.?\s*$/is,
  /\s*(?:Continue reading|Read more|Read the full (?:story|article)|阅读全文|查看全文|继续阅读)\s*(?:→|»|\.\.\.|…)?\s*$/i,
  /\s*\[(?:…|\.\.\.)\]\s*$/,
];

/** The feed's summary without the boilerplate feeds append ("The post … appeared first on …", "Read more"). */
export function cleanSummary(text: string): string {
  let out = text.trim();
  for (const re of BOILERPLATE) out = out.replace(re, "");
  return out.trim();
}
