/**
 * Counting a JSON text's objects and arrays before JSON.parse builds them: JSON.parse cannot stop
 * part-way, and a 10 MB document of empty arrays is three million of them (about 500 MB).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Where the string starting at `text[start]` (a quote) ends: the index of its closing quote. */
function stringEnd(text: string, start: number): number {
  let q = text.indexOf('"', start + 1);
  while (q !== -1) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}

/** The objects and arrays `text` holds, counted up to `limit + 1` (counting stops there). */
export function countJsonContainers(text: string, limit: number): number {
  let count = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else if ((c === OPEN_BRACE || c === OPEN_BRACKET) && ++count > limit) return count;
  }
  return count;
}
