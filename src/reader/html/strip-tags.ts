/**
 * Markup out of HTML, leaving its text: the first step of htmlToText(). Comments, script and
 * style elements (with their content) and tags are removed; a block-level tag becomes one space
 * so that "<p>a</p><p>b</p>" reads "a b", while inline tags vanish ("<b>W</b>ord").
 *
 * It finds exactly what one global regex replace found,
 *   /<!--[\s\S]*?(?:-->|$)|<(?:script|style)\b[\s\S]*?(?:<\/(?:script|style)\s*>|$)|<[/!?]?[A-Za-z][^>]*>/gi
 * (tests/reader/strip-tags.test.ts holds the two side by side), but jumps from one "<" to the
 * next with indexOf and decides at each with anchored regexes: every summary goes through here,
 * and the single regex, with a callback per tag, ran at about a quarter of the speed.
 */

/** What may start at a "<", each tried where it stands (sticky). */
const RAW_OPEN = /<(?:script|style)\b/iy;
const RAW_CLOSE = /<\/(?:script|style)\s*>/iy;
const TAG = /<[/!?]?[A-Za-z][^>]*>/y;

const BLOCK = new Set(
  "p div br hr li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote pre section article header footer figure figcaption dd dt dl img".split(
    " ",
  ),
);

const isWordChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/** Where the markup starting at `html[i]` (a "<") ends, or -1 when none starts there. */
function markupEnd(html: string, i: number): number {
  if (html.startsWith("<!--", i)) {
    const end = html.indexOf("-->", i + 4);
    return end === -1 ? html.length : end + 3;
  }
  RAW_OPEN.lastIndex = i;
  if (RAW_OPEN.test(html)) {
    // Up to the first end tag of either kind (as the regex did), or to the end of the text.
    for (let k = html.indexOf("</", RAW_OPEN.lastIndex); k !== -1; k = html.indexOf("</", k + 1)) {
      RAW_CLOSE.lastIndex = k;
      if (RAW_CLOSE.test(html)) return RAW_CLOSE.lastIndex;
    }
    return html.length;
  }
  TAG.lastIndex = i;
  return TAG.test(html) ? TAG.lastIndex : -1;
}

/** True when the tag at `html[i]` opens or closes a block-level element. */
function isBlockTag(html: string, i: number): boolean {
  let p = i + 1;
  if (html.charCodeAt(p) === 0x2f) p++; // "/"
  let q = p;
  while (q < html.length && isWordChar(html.charCodeAt(q))) q++;
  return q > p && q - p <= 10 && BLOCK.has(html.slice(p, q).toLowerCase());
}

/** `html` without its markup; block-level tags become a space. */
export function stripTags(html: string): string {
  let out = "";
  let from = 0; // start of the text not yet copied to `out`
  let i = html.indexOf("<");
  while (i !== -1) {
    const end = markupEnd(html, i);
    if (end === -1) {
      i = html.indexOf("<", i + 1);
      continue;
    }
    out += html.slice(from, i);
    if (isBlockTag(html, i)) out += " ";
    from = end;
    i = html.indexOf("<", end);
  }
  return from === 0 ? html : out + html.slice(from);
}
