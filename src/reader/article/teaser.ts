/** Whether an entry's own text is only a teaser of its article (fullText: auto). */
import { htmlToText } from "../html/text.ts";

// How feeds end an excerpt: an ellipsis (bare or bracketed, as WordPress writes "[…]"), a
// "read more" link's text, or the Chinese equivalents (阅读全文 "read the full text", 查看全文,
// 继续阅读 "continue reading", 更多 "more", 详情 "details"), often followed by an arrow or, as
// WordPress writes it, by the post's title ("Continue reading Some Title →").
const TEASER_END =
  /(?:…|\.\.\.|\[\s*(?:…|\.\.\.|more|read more|continue reading)\s*\]|\b(?:(?:read more|continue reading)\b[^.!?。！？]{0,120}|keep reading|read the (?:full|whole) (?:story|article|post)|read full (?:story|article))|\bmore\s*(?:»|›|→|>>)|阅读全文|查看全文|阅读原文|继续阅读|阅读更多|查看更多|点击阅读|全文|更多|详情)[\s\])）»›→>:：.。]*$/iu;

/** An entry's own text as plain text: its content when the feed gave one, else its summary. */
export function entryText(entry: { contentHtml: string; summary: string }): string {
  return entry.contentHtml.trim() ? (htmlToText(entry.contentHtml) ?? "") : entry.summary.trim();
}

/** Why `text` reads as a teaser ("240 characters, under 500" / "ends with a read-more link"), or null when it reads as the whole article. */
export function teaserReason(text: string, minChars: number): string | null {
  const n = [...text].length;
  if (n < minChars) return `${n} characters, under ${minChars}`;
  if (TEASER_END.test(text.trimEnd())) return "ends like a teaser";
  return null;
}
