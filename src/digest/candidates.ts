/**
 * The candidate half of clustering, split so threads can share it: MinHash signatures for a range of
 * entries, then LSH candidates for a range of bands, each checked exactly. Every step reads shared,
 * read-only arrays and writes only its own range, so the calling thread and pair workers
 * (pair-worker.ts) run disjoint ranges of the same context at once.
 */
import type { FeatureTable } from "./features.ts";
import { createMinHasher, lshBuckets, signInto } from "./minhash.ts";
import { sameStory } from "./similarity.ts";
import { sketchAgree, sketchRange } from "./sketch.ts";
import { PLAIN } from "./token-sets.ts";

const DAY_MS = 86_400_000;
/** Past this size a bucket is compared with time-ordered neighbours only, to stay sub-quadratic. */
const BIG_BUCKET = 64;
const BIG_BUCKET_NEIGHBOURS = 32;

/** Everything the candidate steps read and write; typed arrays may live on SharedArrayBuffers. */
export interface PairContext {
  readonly n: number;
  readonly bands: number;
  readonly rows: number;
  /** Signature values two entries must share before the exact check. */
  readonly minAgree: number;
  readonly windowMs: number;
  readonly features: FeatureTable;
  /** Published time (ms) per entry, NaN when unparsable. */
  readonly times: Float64Array;
  /** A number per feed, so "same feed?" is an integer compare. */
  readonly feeds: Int32Array;
  /** `bands · rows` values per entry, written by signRange(). */
  readonly signatures: Uint32Array;
  /** Low bytes of the signatures, Math.ceil(width / 4) words per entry (see sketch.ts). */
  readonly sketch: Uint32Array;
  /** 1 for entries with no usable tokens or date: never bucketed. */
  readonly skip: Uint8Array;
}

/** The arrays a PairContext needs, from `alloc` (plain or shared memory). */
export function pairContext(
  init: Omit<PairContext, "signatures" | "sketch" | "skip">,
  alloc: (bytes: number) => ArrayBufferLike,
): PairContext {
  const width = init.bands * init.rows;
  const words = Math.ceil(width / 4);
  return {
    ...init,
    signatures: new Uint32Array(alloc(init.n * width * 4)),
    sketch: new Uint32Array(alloc(init.n * words * 4)),
    skip: new Uint8Array(alloc(init.n)),
  };
}

/**
 * Signs entries [from, to): signatures over informative tokens only (no common words, nothing in
 * too many entries), so rewrites that share names collide and common words make no giant buckets.
 */
export function signRange(ctx: PairContext, from: number, to: number): void {
  const hasher = createMinHasher(ctx.bands * ctx.rows);
  const width = hasher.size;
  const { off, ids, codes } = ctx.features.all;
  let scratch = new Uint32Array(256);
  for (let i = from; i < to; i++) {
    if (off[i + 1]! - off[i]! > scratch.length) scratch = new Uint32Array(2 * (off[i + 1]! - off[i]!));
    let m = 0;
    for (let k = off[i]!; k < off[i + 1]!; k++) if (codes[k]! >= PLAIN) scratch[m++] = ids[k]!;
    // Nothing informative left (every token common, e.g. one story in hundreds of copies): sign
    // all tokens, so copies still meet; the exact check decides as for any pair.
    if (m === 0) for (let k = off[i]!; k < off[i + 1]!; k++) scratch[m++] = ids[k]!;
    if (m === 0 || Number.isNaN(ctx.times[i]!)) ctx.skip[i] = 1;
    else signInto(hasher, scratch, m, ctx.signatures, i * width);
  }
  sketchRange(ctx.signatures, width, ctx.sketch, from, to);
}

/**
 * Checks the LSH candidates of bands [fromBand, toBand): calls `accept(i, j)` for every pair that
 * is one story. `connected(i, j)` lets the caller skip pairs its unions already joined; skipping
 * them never changes the groups, so threads with their own unions get the same groups together.
 */
export function checkBands(
  ctx: PairContext,
  fromBand: number,
  toBand: number,
  connected: (i: number, j: number) => boolean,
  accept: (i: number, j: number) => void,
): void {
  const { times, signatures, sketch, features, feeds, windowMs, minAgree } = ctx;
  const width = ctx.bands * ctx.rows;
  const words = Math.ceil(width / 4);
  const padding = words * 4 - width;
  const tryPair = (i: number, j: number): void => {
    const apart = Math.abs(times[i]! - times[j]!);
    if (apart > windowMs) return;
    if (connected(i, j)) return;
    // The signatures estimate the overlap for free; one band's worth of agreement is chance.
    // The sketch rules out most pairs without reading their full signatures.
    if (sketchAgree(sketch, words, i, j) - padding < minAgree) return;
    let agree = 0;
    for (let k = 0, a = i * width, b = j * width; k < width; k++)
      if (signatures[a + k] === signatures[b + k]) agree++;
    if (agree < minAgree) return;
    if (sameStory(features, i, j, feeds[i] === feeds[j], apart / DAY_MS)) accept(i, j);
  };
  lshBuckets(signatures, ctx.n, ctx.bands, ctx.rows, fromBand, toBand, ctx.skip, (members, count) => {
    if (count <= BIG_BUCKET) {
      for (let x = 0; x < count; x++) for (let y = x + 1; y < count; y++) tryPair(members[x]!, members[y]!);
      return;
    }
    // Identical copies chain through neighbours, so the union still reaches all of them.
    const byTime = Array.from(members.subarray(0, count)).sort((p, q) => times[p]! - times[q]! || p - q);
    for (let x = 0; x < byTime.length; x++) {
      for (let y = x + 1; y < Math.min(byTime.length, x + 1 + BIG_BUCKET_NEIGHBOURS); y++)
        tryPair(byTime[x]!, byTime[y]!);
    }
  });
}

/** `count` near-equal consecutive ranges of [0, total), as [from, to) pairs. */
export function splitRange(total: number, count: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    out.push([Math.floor((total * k) / count), Math.floor((total * (k + 1)) / count)]);
  }
  return out;
}
