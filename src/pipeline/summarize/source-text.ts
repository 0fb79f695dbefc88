/** An entry's text as the model reads it: its HTML as plain paragraphs (reader/), fitted to the input limit (llm/). */
import { fitParagraphs } from "../../llm/prompt.ts";
import { htmlToText } from "../../reader/html/text.ts";

const PARA = "\ufdd0";
const BLOCK_END =
  /<\/(?:p|div|li|h[1-6]|blockquote|pre|tr|table|ul|ol|figure|section|article)\s*>|<br\s*\/?>/gi;

/** An entry's text for the model: content (else summary) as plain text, paragraphs kept, cut to `max` characters at a paragraph or sentence boundary. */
export function sourceText(entry: { contentHtml: string; summary: string }, max: number): string {
  const html = entry.contentHtml.trim() ? entry.contentHtml : entry.summary;
  // The noncharacter U+FDD0 (reserved for a program's internal use; any in the feed are removed
  // first) survives htmlToText's whitespace collapsing, which reads U+2029 as a space, so block
  // boundaries stay paragraph breaks.
  const text = htmlToText(html.replaceAll(PARA, "").replace(BLOCK_END, `$&${PARA}`)) ?? "";
  const paras = text
    .split(PARA)
    .map((p) => p.trim())
    .filter(Boolean);
  return fitParagraphs(paras, max);
}
