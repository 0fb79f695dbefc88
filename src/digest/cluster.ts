/** Story clusters: entries from different feeds about the same story, found with MinHash LSH. */
import { AppError } from "../errors.ts";
import { extractFeaturesParallel } from "./cluster-pool.ts";
import { buildFeatures, type FeatureTable, finishFeatures } from "./features.ts";
import { createMinHasher, lshBuckets, signInto } from "./minhash.ts";
import { sameStory } from "./similarity.ts";
import { sketchAgree, sketchSignatures } from "./sketch.ts";
import { makeUnionFind } from "./union-find.ts";

/** The fields clustering reads. */
export interface ClusterInput {
  id: string;
  title: string;
  summary: string;
  /** UTC ISO timestamp. */
  published: string;
  feedId: string;
}

/** Tuning knobs; the defaults are what the evaluation set was measured with. */
export interface ClusterOptions {
  /** Entries further apart than this are never one story (default 3). */
  maxDaysApart?: number;
  /** LSH bands and rows per band; more bands find less similar pairs at more cost. */
  bands?: number;
  rows?: number;
  /** Signature values two entries must share before the exact check runs (default 10%). */
  minAgree?: number;
}

const DAY_MS = 86_400_000;
/** A feature in more entries than this is too common to pick candidates (it would make huge buckets). */
const COMMON_FEATURE_SHARE = 0.01;
const COMMON_FEATURE_MIN = 200;
/**
 * Share of signature values two entries must agree on before the exact check: an estimated 10%
 * overlap of informative tokens. Every pair of one story in the evaluation set is far above it,
 * and it spares the exact check for the many pairs that met in one band by one shared word.
 */
const MIN_AGREE_SHARE = 0.1;
/** Past this size a bucket is compared with time-ordered neighbours only, to stay sub-quadratic. */
const BIG_BUCKET = 64;
const BIG_BUCKET_NEIGHBOURS = 32;

/** Sorted by id (the order every later step relies on); an id seen twice is a caller's bug. */
function sortById(entries: readonly ClusterInput[]): ClusterInput[] {
  const sorted = [...entries].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) {
      throw new AppError("INTERNAL", `clusterStories: duplicate entry id ${JSON.stringify(sorted[i]!.id)}`);
    }
  }
  return sorted;
}

/** Document frequency above which a token is batch-common. */
const maxDf = (n: number) => Math.max(COMMON_FEATURE_MIN, Math.ceil(n * COMMON_FEATURE_SHARE));

/**
 * Groups entries that report the same story: every id appears in exactly one group (singletons
 * included). Deterministic: members are ordered by (published, id) and groups by their first
 * member, whatever the input order. Entries with an unparsable `published` stay alone.
 */
export function clusterStories(entries: readonly ClusterInput[], options: ClusterOptions = {}): string[][] {
  const sorted = sortById(entries);
  return groupStories(sorted, buildFeatures(sorted, maxDf(sorted.length)), options);
}

/** Below this many entries worker start-up (tens of ms per worker) costs more than it saves. */
export const PARALLEL_MIN_ENTRIES = 20_000;

/**
 * clusterStories() with tokenizing spread over `threads` threads (default: one per CPU) for
 * batches of PARALLEL_MIN_ENTRIES or more; the same groups in the same order. Workers are gone
 * when the promise settles.
 */
export async function clusterStoriesParallel(
  entries: readonly ClusterInput[],
  options: ClusterOptions & { threads?: number } = {},
): Promise<string[][]> {
  if (entries.length < PARALLEL_MIN_ENTRIES || options.threads === 1) return clusterStories(entries, options);
  const sorted = sortById(entries);
  return groupStories(sorted, await parallelFeatures(sorted, options.threads), options);
}

/** finishFeatures() over chunks made in workers; its own function so the chunks die on return. */
async function parallelFeatures(sorted: readonly ClusterInput[], threads?: number): Promise<FeatureTable> {
  const raw = await extractFeaturesParallel(
    sorted.map((e) => e.title),
    sorted.map((e) => e.summary),
    threads,
  );
  return finishFeatures(raw, maxDf(sorted.length));
}

/** LSH candidates, exact checks and union-find over entries sorted by id with their features. */
function groupStories(
  sorted: readonly ClusterInput[],
  features: FeatureTable,
  options: ClusterOptions,
): string[][] {
  const { maxDaysApart = 3, bands = 40, rows = 2 } = options;
  const minAgree = options.minAgree ?? Math.ceil(bands * rows * MIN_AGREE_SHARE);
  const n = sorted.length;
  const times = Float64Array.from(sorted, (e) => Date.parse(e.published));
  const windowMs = maxDaysApart * DAY_MS;

  // Signatures over informative tokens only (no common words, nothing in too many entries), so
  // rewrites that share names collide and common words do not make giant buckets.
  const hasher = createMinHasher(bands * rows);
  const width = hasher.size;
  const signatures = new Uint32Array(n * hasher.size);
  const skip = new Uint8Array(n);
  const { off, ids, weights } = features.all;
  let scratch = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    if (off[i + 1]! - off[i]! > scratch.length) scratch = new Uint32Array(2 * (off[i + 1]! - off[i]!));
    let m = 0;
    for (let k = off[i]!; k < off[i + 1]!; k++) if (weights[k]! >= 1) scratch[m++] = ids[k]!;
    // Nothing informative left (every token common, e.g. one story in hundreds of copies): sign
    // all tokens, so copies still meet; the exact check decides as for any pair.
    if (m === 0) for (let k = off[i]!; k < off[i + 1]!; k++) scratch[m++] = ids[k]!;
    if (m === 0 || Number.isNaN(times[i]!)) skip[i] = 1;
    else signInto(hasher, scratch, m, signatures, i * width);
  }

  const sketch = sketchSignatures(signatures, n, width);
  const words = Math.ceil(width / 4);
  const padding = words * 4 - width;

  const uf = makeUnionFind(n);
  const tryPair = (i: number, j: number): void => {
    const apart = Math.abs(times[i]! - times[j]!);
    if (apart > windowMs) return;
    if (uf.find(i) === uf.find(j)) return;
    // The signatures estimate the overlap for free; one band's worth of agreement is chance.
    // The sketch rules out most pairs without reading their full signatures.
    if (sketchAgree(sketch, words, i, j) - padding < minAgree) return;
    let agree = 0;
    for (let k = 0, a = i * width, b = j * width; k < width; k++)
      if (signatures[a + k] === signatures[b + k]) agree++;
    if (agree < minAgree) return;
    if (sameStory(features, i, j, sorted[i]!.feedId === sorted[j]!.feedId, apart / DAY_MS)) uf.union(i, j);
  };
  lshBuckets(signatures, n, bands, rows, skip, (members, count) => {
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

  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  // Unparsable dates sort last; comparisons instead of subtraction keep Infinity well-ordered.
  const key = (i: number): number => (Number.isNaN(times[i]!) ? Number.POSITIVE_INFINITY : times[i]!);
  const order = (p: number, q: number): number => (key(p) < key(q) ? -1 : key(p) > key(q) ? 1 : p - q);
  const result = [...groups.values()].map((g) => g.sort(order));
  result.sort((g, h) => order(g[0]!, h[0]!));
  return result.map((g) => g.map((i) => sorted[i]!.id));
}
