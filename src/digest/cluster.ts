/** Story clusters: entries from different feeds about the same story, found with MinHash LSH. */
import { AppError } from "../errors.ts";
import { createMinHasher, lshBuckets, signInto } from "./minhash.ts";
import { type StoryFeatures, sameStory, storyFeatures } from "./similarity.ts";

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
}

const DAY_MS = 86_400_000;
/** A feature in more entries than this is too common to pick candidates (it would make huge buckets). */
const COMMON_FEATURE_SHARE = 0.01;
const COMMON_FEATURE_MIN = 200;
/** Past this size a bucket is compared with time-ordered neighbours only, to stay sub-quadratic. */
const BIG_BUCKET = 256;
const BIG_BUCKET_NEIGHBOURS = 32;

/** Union-find with path halving; unions by smaller index so roots do not depend on call order. */
function makeUnionFind(n: number) {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let v = x;
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx < ry) parent[ry] = rx;
    else if (ry < rx) parent[rx] = ry;
  };
  return { find, union };
}

/**
 * Signature input: the informative tokens of title and lede (common headline words and features
 * found in too many entries left out), so rewrites that share names still collide.
 */
function lshFeatures(f: StoryFeatures, df: Map<number, number>, maxDf: number): Uint32Array {
  const out: number[] = [];
  const { hashes, weights } = f.all;
  for (let i = 0; i < hashes.length; i++) {
    if (weights[i]! >= 1 && (df.get(hashes[i]!) ?? 0) <= maxDf) out.push(hashes[i]!);
  }
  return Uint32Array.from(out);
}

/**
 * Groups entries that report the same story: every id appears in exactly one group (singletons
 * included). Deterministic: members are ordered by (published, id) and groups by their first
 * member, whatever the input order. Entries with an unparsable `published` stay alone.
 */
export function clusterStories(entries: readonly ClusterInput[], options: ClusterOptions = {}): string[][] {
  const { maxDaysApart = 3, bands = 24, rows = 2 } = options;
  const sorted = [...entries].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) {
      throw new AppError("INTERNAL", `clusterStories: duplicate entry id ${JSON.stringify(sorted[i]!.id)}`);
    }
  }
  const n = sorted.length;
  const features = sorted.map((e) => storyFeatures(e.title, e.summary));
  const times = Float64Array.from(sorted, (e) => Date.parse(e.published));
  const windowMs = maxDaysApart * DAY_MS;

  const df = new Map<number, number>();
  for (const f of features) for (const h of f.all.hashes) df.set(h, (df.get(h) ?? 0) + 1);
  const maxDf = Math.max(COMMON_FEATURE_MIN, Math.ceil(n * COMMON_FEATURE_SHARE));

  const hasher = createMinHasher(bands * rows);
  const signatures = new Uint32Array(n * hasher.size);
  const skip = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const set = lshFeatures(features[i]!, df, maxDf);
    if (set.length === 0 || Number.isNaN(times[i]!)) skip[i] = 1;
    else signInto(hasher, set, signatures, i * hasher.size);
  }

  const uf = makeUnionFind(n);
  const tryPair = (i: number, j: number): void => {
    const apart = Math.abs(times[i]! - times[j]!);
    if (apart > windowMs) return;
    if (uf.find(i) === uf.find(j)) return;
    if (sameStory(features[i]!, features[j]!, sorted[i]!.feedId === sorted[j]!.feedId, apart / DAY_MS))
      uf.union(i, j);
  };
  lshBuckets(signatures, n, bands, rows, skip, (members) => {
    if (members.length <= BIG_BUCKET) {
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) tryPair(members[x]!, members[y]!);
      return;
    }
    // Identical copies chain through neighbours, so the union still reaches all of them.
    const byTime = [...members].sort((p, q) => times[p]! - times[q]! || p - q);
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
