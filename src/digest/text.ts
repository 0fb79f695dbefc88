/** Text helpers for drafts: Markdown escaping, safe link targets, sentence-boundary truncation. */

/**
 * Characters that make text display other than it reads: the bidirectional embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source") are dropped; the line and paragraph
 * separators U+2028/U+2029 (which YAML and some editors take for line breaks) become spaces. The
 * reader drops them when it stores an entry (reader/text.ts); stores written before that, and
 * model answers, may still hold them, so every draft output goes through here again.
 */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069]|[\u2028\u2029]/g;

/** Text without bidi controls, and with U+2028/U+2029 as spaces (see INVISIBLE). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => (c === "\u2028" || c === "\u2029" ? " " : ""));
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
 * Escape text so Markdown renders it literally (titles with *, _, [, ], #, <, | …); newlines become
 * spaces. An `&` that would start a named character reference becomes `&amp;` (a numeric one is
 * broken by the escaped `#`), so "&amp;" or "&#123;" in a title shows as written. Braces, bidi
 * controls and comment ends are left to siteText(), which every template output passes through.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`)
    .replace(/&(?=[A-Za-z0-9]+;)/g, "&amp;")
    .replace(/^(\d+)\.(\s)/, "$1\\.$2")
    .replace(/^([-+=])(\s|$)/, "\\$1$2");
}

/** Percent-encoding of one character, as in a URL. */
const pct = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * A link target safe inside Markdown `( )` and inert in the site: http(s) only (else ""); spaces,
 * quotes, parentheses and angle brackets encoded; `{` and `}` encoded (Liquid and shortcodes need
 * them; a URL parser, the host included, decodes them back, so the link points where it did), and
 * a `%` that does not start a valid escape becomes `%25`.
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
  return u.href.replace(/%(?![0-9A-Fa-f]{2})/g, "%25").replace(/[ ()<>"'\\{}]/g, pct);
}

const SENTENCE_END = /[.!?。！？…](?:["'”’）)\]]*)(?=\s|$)|[。！？]/gu;

/**
 * At most `max` characters, cut at the last sentence end (. ! ? and 。！？) that fits; when no
 * sentence fits, at the last word boundary with "…". Whole text when it already fits.
 */
export function truncateAtSentence(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join("");
  let cut = -1;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  if (cut > max * 0.3) return head.slice(0, cut).trim();
  const soft = head.slice(0, max - 1);
  const space = soft.search(/\s\S*$/);
  const body = space > max * 0.5 ? soft.slice(0, space) : soft;
  return `${body.trimEnd().replace(/[,;:，；：、]$/, "")}…`;
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
