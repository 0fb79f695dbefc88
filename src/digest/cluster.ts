/** Story clusters: entries from different feeds about the same story, found with MinHash LSH. */
import { availableParallelism } from "node:os";
import { AppError } from "../errors.ts";
import { checkBands, type PairContext, pairContext, signRange } from "./candidates.ts";
import { ClusterPool } from "./cluster-pool.ts";
import { buildFeatures, type FeatureTable, finishFeatures } from "./features.ts";
import { type Alloc, plainMemory, sharedMemory } from "./memory.ts";
import { makeUnionFind, type UnionFind } from "./union-find.ts";

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
  const ctx = contextFor(sorted, buildFeatures(sorted, maxDf(sorted.length)), options, plainMemory);
  signRange(ctx, 0, ctx.n);
  const uf = makeUnionFind(ctx.n);
  checkBands(ctx, 0, ctx.bands, (i, j) => uf.find(i) === uf.find(j), uf.union);
  return groupsOf(sorted, ctx.times, uf);
}

/** Below this many entries worker start-up (tens of ms per worker) costs more than it saves. */
export const PARALLEL_MIN_ENTRIES = 20_000;

/**
 * clusterStories() over `threads` threads (default: one per CPU) for batches of
 * PARALLEL_MIN_ENTRIES or more: tokenizing, signing and candidate checks are split between this
 * thread and workers; the same groups in the same order. Workers are gone when the promise settles.
 */
export async function clusterStoriesParallel(
  entries: readonly ClusterInput[],
  options: ClusterOptions & { threads?: number } = {},
): Promise<string[][]> {
  const threads = options.threads ?? availableParallelism();
  if (entries.length < PARALLEL_MIN_ENTRIES || threads <= 1) return clusterStories(entries, options);
  const pool = ClusterPool.start(threads - 1);
  try {
    const sorted = sortById(entries);
    const ctx = contextFor(sorted, await parallelFeatures(sorted, pool), options, sharedMemory);
    const uf = makeUnionFind(ctx.n);
    await pool.joinPairs(ctx, uf);
    return groupsOf(sorted, ctx.times, uf);
  } finally {
    await pool.close();
  }
}

/** finishFeatures() over chunks made by the pool, in shared memory; its own function so the chunks die on return. */
async function parallelFeatures(sorted: readonly ClusterInput[], pool: ClusterPool): Promise<FeatureTable> {
  const raw = await pool.features(
    sorted.map((e) => e.title),
    sorted.map((e) => e.summary),
  );
  return finishFeatures(raw, maxDf(sorted.length), sharedMemory);
}

/** The candidate steps' context for entries sorted by id, with their features. */
function contextFor(
  sorted: readonly ClusterInput[],
  features: FeatureTable,
  options: ClusterOptions,
  alloc: Alloc,
): PairContext {
  const { maxDaysApart = 3, bands = 40, rows = 2 } = options;
  const feedNumbers = new Map<string, number>();
  const feeds = new Int32Array(alloc(sorted.length * 4));
  const times = new Float64Array(alloc(sorted.length * 8));
  sorted.forEach((e, i) => {
    if (!feedNumbers.has(e.feedId)) feedNumbers.set(e.feedId, feedNumbers.size);
    feeds[i] = feedNumbers.get(e.feedId)!;
    times[i] = Date.parse(e.published);
  });
  return pairContext(
    {
      n: sorted.length,
      bands,
      rows,
      minAgree: options.minAgree ?? Math.ceil(bands * rows * MIN_AGREE_SHARE),
      windowMs: maxDaysApart * DAY_MS,
      features,
      times,
      feeds,
    },
    alloc,
  );
}

/** Groups from the unions: members by (published, id), groups by their first member. */
function groupsOf(sorted: readonly ClusterInput[], times: Float64Array, uf: UnionFind): string[][] {
  // Unparsable dates sort last; ids break ties (entries are sorted by id, so the index does).
  const keys = times.map((t) => (Number.isNaN(t) ? Number.POSITIVE_INFINITY : t));
  const order = new Int32Array(sorted.length).map((_, i) => i);
  order.sort((p, q) => (keys[p]! < keys[q]! ? -1 : keys[p]! > keys[q]! ? 1 : p - q));
  // Visiting entries in that order puts each group's members in order, and the groups in the order
  // of their first members.
  const groupOf = new Int32Array(sorted.length).fill(-1);
  const groups: string[][] = [];
  for (const i of order) {
    const root = uf.find(i);
    if (groupOf[root] === -1) {
      groupOf[root] = groups.length;
      groups.push([]);
    }
    groups[groupOf[root]!]!.push(sorted[i]!.id);
  }
  return groups;
}
