/**
 * The worker threads of clusterStoriesParallel(). Each first tokenizes a chunk of entries (the
 * per-entry half of feature extraction, two thirds of the work: each entry's tokens depend on it
 * alone, so chunks merge back into exactly the single-thread result), then signs a range of
 * entries and checks a range of LSH bands over shared memory. The calling thread takes a share of
 * every step. The groups are those of one thread: a candidate pair is accepted or not on its own
 * merits, and only pairs already joined are ever skipped.
 */
import { Worker } from "node:worker_threads";
import { AppError } from "../errors.ts";
import { siblingModule } from "../sibling-module.ts";
import { checkBands, type PairContext, signRange, splitRange } from "./candidates.ts";
import { extractFeatures, LEDE_CHARS, type RawFeatures } from "./features.ts";
import type { UnionFind } from "./union-find.ts";

const WORKER_URL = siblingModule("cluster-worker", import.meta.url);
/** Entries this thread tokenizes while a worker starts (about 0.1 s of tokenizing). */
const HEAD_START = 8_000;
/**
 * A worker's young generation: tokenizing makes short-lived garbage, and V8's default lets it grow
 * to tens of MB that malloc keeps after the worker ends; 4 MB kept ~30 MB less at no measured cost.
 */
const YOUNG_GENERATION_MB = 4;

/** What a worker is asked, in this order: tokenize once, sign once (with the context), check once. */
export type WorkerRequest =
  | { op: "features"; titles: string[]; summaries: string[] }
  | { op: "sign"; ctx: PairContext; from: number; to: number }
  | { op: "check"; from: number; to: number };

/** One request's answer; rejects if the worker fails or exits first. */
function ask<T>(worker: Worker, request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const fail = (why: string, cause?: unknown) => {
      done();
      reject(new AppError("INTERNAL", `clusterStoriesParallel: a worker ${why}`, { cause }));
    };
    const onMessage = (answer: T) => {
      done();
      resolve(answer);
    };
    const onError = (error: Error) => fail(`failed: ${error.message}`, error);
    const onExit = (code: number) => fail(`exited with code ${code} before answering`);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(request, transfer);
  });
}

/** All answers; a failure stays handled while this thread does its own share, then is thrown. */
function askAll<T>(requests: Promise<T>[]): Promise<T[]> {
  const all = Promise.all(requests);
  all.catch(() => {});
  return all;
}

/** Workers started together, loading while the caller sorts; close() ends them all. */
export class ClusterPool {
  private readonly workers: readonly Worker[];
  private constructor(workers: readonly Worker[]) {
    this.workers = workers;
  }

  /** `count` unref'd workers: they never keep the process alive. */
  static start(count: number): ClusterPool {
    return new ClusterPool(
      Array.from({ length: count }, () => {
        const worker = new Worker(WORKER_URL, {
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        });
        worker.unref();
        return worker;
      }),
    );
  }

  /**
   * Raw features of each entry, as chunks in entry order: the first on this thread, which starts
   * at once and hot, so it takes a head start's worth more than an even share.
   */
  async features(titles: readonly string[], summaries: readonly string[]): Promise<RawFeatures[]> {
    const n = titles.length;
    const own =
      this.workers.length === 0 ? n : Math.min(n, Math.ceil(n / (this.workers.length + 1)) + HEAD_START);
    const size = Math.ceil((n - own) / Math.max(1, this.workers.length));
    const others = askAll(
      this.workers.map((worker, k) => {
        const from = own + k * size;
        // Only the lede is read, so only the lede is copied to the worker.
        const ledes = summaries.slice(from, from + size).map((s) => s.slice(0, LEDE_CHARS));
        return ask<RawFeatures>(worker, {
          op: "features",
          titles: titles.slice(from, from + size),
          summaries: ledes,
        });
      }),
    );
    const first = extractFeatures(titles.slice(0, own), summaries.slice(0, own));
    return [first, ...(await others)];
  }

  /** Signs every entry of `ctx` (shared memory) and joins in `uf` every candidate pair that is one story. */
  async joinPairs(ctx: PairContext, uf: UnionFind): Promise<void> {
    const threads = this.workers.length + 1;
    const entries = splitRange(ctx.n, threads);
    const signed = askAll(
      this.workers.map((w, k) =>
        ask<null>(w, { op: "sign", ctx, from: entries[k + 1]![0], to: entries[k + 1]![1] }),
      ),
    );
    signRange(ctx, ...entries[0]!);
    await signed;
    const bands = splitRange(ctx.bands, threads);
    const checked = askAll(
      this.workers.map((w, k) =>
        ask<Int32Array>(w, { op: "check", from: bands[k + 1]![0], to: bands[k + 1]![1] }),
      ),
    );
    checkBands(ctx, ...bands[0]!, (i, j) => uf.find(i) === uf.find(j), uf.union);
    for (const pairs of await checked)
      for (let k = 0; k < pairs.length; k += 2) uf.union(pairs[k]!, pairs[k + 1]!);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
