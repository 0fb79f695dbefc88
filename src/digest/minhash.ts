/**
 * MinHash signatures and LSH banding: candidate pairs of similar feature sets without comparing all
 * pairs. Hand-written (about 80 lines) because the npm MinHash packages hash strings per permutation
 * and allocate per call, which is an order of magnitude too slow for 100,000 entries in 2 s.
 */

/** Murmur3's finalizer: a cheap bijective mix so nearby inputs land far apart. */
export function mix32(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A stable 32-bit hash of a string (FNV-1a over UTF-16 units, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** A fixed family of hash functions h_i(x) = a_i·x + b_i mod 2^32 over already-mixed feature hashes. */
export interface MinHasher {
  readonly size: number;
  readonly a: Uint32Array;
  readonly b: Uint32Array;
}

/** `size` hash functions from a fixed seed, so signatures are the same on every run and machine. */
export function createMinHasher(size: number, seed = 0x5eed): MinHasher {
  const a = new Uint32Array(size);
  const b = new Uint32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = mix32(s + 0x9e3779b9);
    a[i] = s | 1; // odd multipliers keep each function a permutation of 32-bit values
    s = mix32(s + 0x9e3779b9);
    b[i] = s;
  }
  return { size, a, b };
}

/** Writes the MinHash signature of `features[0..count)` into `out` at `offset`. */
export function signInto(
  hasher: MinHasher,
  features: Uint32Array,
  count: number,
  out: Uint32Array,
  offset: number,
): void {
  const { size, a, b } = hasher;
  for (let i = 0; i < size; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    let min = 0xffffffff;
    for (let j = 0; j < count; j++) {
      const v = (Math.imul(ai, features[j]!) + bi) >>> 0;
      if (v < min) min = v;
    }
    out[offset + i] = min;
  }
}

/** Most entries one band may index: the key packs (bucket hash, index) into one float64. */
export const MAX_LSH_ITEMS = 2 ** 21;

/**
 * Calls `onBucket(members, count)` with the indices (ascending, in `members[0..count)`, a buffer
 * reused between calls) of every group of 2+ items whose signatures agree on all `rows` values of
 * some band. `signatures` holds `n` signatures of `bands·rows` values each;
 * `skip[i]` items (no usable features) are never indexed.
 */
export function lshBuckets(
  signatures: Uint32Array,
  n: number,
  bands: number,
  rows: number,
  skip: Uint8Array,
  onBucket: (members: Int32Array, count: number) => void,
): void {
  if (n > MAX_LSH_ITEMS) throw new RangeError(`lshBuckets: at most ${MAX_LSH_ITEMS} items (got ${n})`);
  const width = bands * rows;
  const keys = new Float64Array(n);
  const members = new Int32Array(n);
  for (let band = 0; band < bands; band++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (skip[i]) continue;
      let h = band + 1;
      const base = i * width + band * rows;
      for (let r = 0; r < rows; r++) h = mix32(h ^ signatures[base + r]!) + r;
      // High 32 bits: bucket; low 21 bits: item. A numeric sort then groups buckets in item order.
      keys[m++] = (h >>> 0) * MAX_LSH_ITEMS + i;
    }
    const sorted = keys.subarray(0, m).sort();
    let start = 0;
    for (let k = 1; k <= m; k++) {
      if (k < m && Math.floor(sorted[k]! / MAX_LSH_ITEMS) === Math.floor(sorted[start]! / MAX_LSH_ITEMS))
        continue;
      if (k - start > 1) {
        for (let x = start; x < k; x++) members[x - start] = sorted[x]! % MAX_LSH_ITEMS;
        onBucket(members, k - start);
      }
      start = k;
    }
  }
}
