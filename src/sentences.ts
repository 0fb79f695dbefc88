/** Cutting plain text at a sentence boundary: shared by the digest, the model's answers and the published page. */

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
