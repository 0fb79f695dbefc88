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
  let i = 0;
  // Four functions per pass over the features: a quarter of the loads and loop overhead.
  for (; i + 3 < size; i += 4) {
    const a0 = a[i]!;
    const a1 = a[i + 1]!;
    const a2 = a[i + 2]!;
    const a3 = a[i + 3]!;
    const b0 = b[i]!;
    const b1 = b[i + 1]!;
    const b2 = b[i + 2]!;
    const b3 = b[i + 3]!;
    let m0 = 0xffffffff;
    let m1 = 0xffffffff;
    let m2 = 0xffffffff;
    let m3 = 0xffffffff;
    for (let j = 0; j < count; j++) {
      const x = features[j]!;
      const v0 = (Math.imul(a0, x) + b0) >>> 0;
      const v1 = (Math.imul(a1, x) + b1) >>> 0;
      const v2 = (Math.imul(a2, x) + b2) >>> 0;
      const v3 = (Math.imul(a3, x) + b3) >>> 0;
      if (v0 < m0) m0 = v0;
      if (v1 < m1) m1 = v1;
      if (v2 < m2) m2 = v2;
      if (v3 < m3) m3 = v3;
    }
    out[offset + i] = m0;
    out[offset + i + 1] = m1;
    out[offset + i + 2] = m2;
    out[offset + i + 3] = m3;
  }
  for (; i < size; i++) {
    let min = 0xffffffff;
    for (let j = 0; j < count; j++) {
      const v = (Math.imul(a[i]!, features[j]!) + b[i]!) >>> 0;
      if (v < min) min = v;
    }
    out[offset + i] = min;
  }
}

/**
 * Calls `onBucket(members, count)` with the indices (ascending, in `members[0..count)`, a buffer
 * reused between calls) of every group of 2+ items whose signatures agree on all `rows` values of
 * some band in [fromBand, toBand) (bands are independent, so threads can take a range each). `signatures` holds `n` signatures of `bands·rows` values each; `skip[i]` items (no
 * usable features) are never indexed. Buckets are an open-addressing table per band: linear time,
 * where sorting the band keys was the slowest step at 100,000 entries.
 */
export function lshBuckets(
  signatures: Uint32Array,
  n: number,
  bands: number,
  rows: number,
  fromBand: number,
  toBand: number,
  skip: Uint8Array,
  onBucket: (members: Int32Array, count: number) => void,
): void {
  const width = bands * rows;
  const cap = 2 ** Math.ceil(Math.log2(Math.max(2, 2 * n)));
  const mask = cap - 1;
  const slotKey = new Uint32Array(cap);
  // A slot belongs to the current band when its stamp is band + 1: no clearing between bands.
  const stamp = new Int32Array(cap);
  const head = new Int32Array(cap);
  const tail = new Int32Array(cap);
  const next = new Int32Array(n);
  const members = new Int32Array(n);
  const shared: number[] = []; // slots that got a second item in this band
  for (let band = fromBand; band < toBand; band++) {
    const id = band + 1;
    shared.length = 0;
    for (let i = 0; i < n; i++) {
      if (skip[i]) continue;
      let h = id;
      const base = i * width + band * rows;
      for (let r = 0; r < rows; r++) h = mix32(h ^ signatures[base + r]!) + r;
      h >>>= 0;
      let p = h & mask;
      while (stamp[p] === id && slotKey[p] !== h) p = (p + 1) & mask;
      next[i] = -1;
      if (stamp[p] !== id) {
        stamp[p] = id;
        slotKey[p] = h;
        head[p] = i;
      } else {
        if (head[p] === tail[p]) shared.push(p);
        next[tail[p]!] = i;
      }
      tail[p] = i;
    }
    // Slots in first-collision order, which depends only on the signatures and item order.
    for (const p of shared) {
      let count = 0;
      for (let i = head[p]!; i !== -1; i = next[i]!) members[count++] = i;
      onBucket(members, count);
    }
  }
}
