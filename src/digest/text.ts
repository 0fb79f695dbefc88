/** Text helpers for drafts: Markdown escaping, safe link targets, sentence-boundary truncation. */

/** Escape text so Markdown renders it literally (titles with *, _, [, ], #, <, | …); newlines become spaces. */
export function mdEscape(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/[\\`*_[\]{}<>#|~!]/g, (c) => `\\${c}`)
    .replace(/^(\d+)\.(\s)/, "$1\\.$2")
    .replace(/^([-+=])(\s|$)/, "\\$1$2");
}

/** A link target safe inside Markdown `( )`: http(s) only (else ""), spaces, parentheses and angle brackets encoded. */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return "";
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return "";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "";
  return u.href.replace(
    /[ ()<>"'\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
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
