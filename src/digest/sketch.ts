/**
 * One byte per MinHash value, four to a word: a quarter of the memory of the signatures, so the
 * millions of candidate pairs that LSH proposes are screened in a cache line or two each instead of
 * five random lines per entry. Equal values have equal low bytes, so the count of equal bytes is an
 * upper bound on the count of equal values, and screening with it never drops a pair that the
 * exact count would keep.
 */

/** Writes the low bytes of signatures [from, to) into `out`, `Math.ceil(width / 4)` words per entry. */
export function sketchRange(
  signatures: Uint32Array,
  width: number,
  out: Uint32Array,
  from: number,
  to: number,
): void {
  const words = Math.ceil(width / 4);
  for (let i = from; i < to; i++) {
    for (let w = i * words; w < (i + 1) * words; w++) out[w] = 0; // padding bytes are 0
    for (let k = 0; k < width; k++) {
      const w = i * words + (k >>> 2);
      out[w] = (out[w]! | ((signatures[i * width + k]! & 0xff) << ((k & 3) << 3))) >>> 0;
    }
  }
}

/** Equal bytes of entries i and j's sketches, padding included (an upper bound, see above). */
export function sketchAgree(sketch: Uint32Array, words: number, i: number, j: number): number {
  let agree = 0;
  for (let k = 0, a = i * words, b = j * words; k < words; k++) {
    const x = sketch[a + k]! ^ sketch[b + k]!;
    // SWAR: the high bit of each byte of `t` is clear exactly when that byte of x is zero.
    const t = ((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x;
    const zero = ~t & 0x80808080;
    agree += Math.imul(zero >>> 7, 0x01010101) >>> 24;
  }
  return agree;
}
