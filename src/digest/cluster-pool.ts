/**
 * The per-entry half of feature extraction (cleaning, tokenizing, token sets; two thirds of the
 * clustering time at 100,000 entries) spread over worker threads: each entry's tokens depend on that
 * entry alone, so chunks are independent and merge back into exactly the single-thread result.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors.ts";
import { extractFeatures, LEDE_CHARS, type RawFeatures } from "./features.ts";

const WORKER_URL = new URL("./cluster-worker.ts", import.meta.url);
/** Entries this thread does while a worker starts (about 0.1 s of tokenizing). */
const HEAD_START = 8_000;

/** One worker's chunk: resolves with its raw features, rejects if the worker fails or exits early. */
function runChunk(worker: Worker, titles: string[], summaries: string[]): Promise<RawFeatures> {
  return new Promise((resolve, reject) => {
    const fail = (why: string, cause?: unknown) =>
      reject(new AppError("INTERNAL", `clusterStoriesParallel: a worker ${why}`, { cause }));
    worker.once("message", resolve);
    worker.once("error", (error: Error) => fail(`failed: ${error.message}`, error));
    worker.once("exit", (code) => fail(`exited with code ${code} before answering`));
    worker.postMessage({ titles, summaries });
  });
}

/**
 * Raw features of each entry, as chunks in entry order: the first chunk on this thread (it would
 * otherwise sit waiting), the others in `threads - 1` workers, all of which are terminated before
 * this resolves. Workers are unref'd, so they never keep the process alive.
 */
export async function extractFeaturesParallel(
  titles: readonly string[],
  summaries: readonly string[],
  threads = availableParallelism(),
): Promise<RawFeatures[]> {
  const n = titles.length;
  const chunks = Math.max(1, Math.min(threads, n));
  // This thread starts at once and hot; a worker first loads its modules and warms up, so this
  // thread takes a head start's worth of entries more than an even share.
  const own = chunks === 1 ? n : Math.min(n, Math.ceil(n / chunks) + HEAD_START);
  const size = Math.ceil((n - own) / Math.max(1, chunks - 1));
  const workers: Worker[] = [];
  const pending: Promise<RawFeatures>[] = [];
  try {
    for (let from = own; from < n; from += size) {
      const worker = new Worker(WORKER_URL);
      worker.unref();
      workers.push(worker);
      // Only the lede is read, so only the lede is copied to the worker.
      const ledes = summaries.slice(from, from + size).map((s) => s.slice(0, LEDE_CHARS));
      pending.push(runChunk(worker, titles.slice(from, from + size), ledes));
    }
    const others = Promise.all(pending);
    others.catch(() => {}); // awaited below; this only keeps a failure during our own chunk handled
    const first = extractFeatures(titles.slice(0, own), summaries.slice(0, own));
    return [first, ...(await others)];
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
