/**
 * Feed bytes → store-ready entries, the CPU-heavy half of a poll. parse-pool.ts runs this file as a
 * worker thread; the same function runs in-thread when there is no pool, so both give identical entries.
 * Given a store job, the worker also stores them (store-poll.ts) on its own connection to the file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isAppError } from "../errors.ts";
import { parseFeed } from "../reader/formats/parse.ts";
import { normalizeFeed } from "../reader/normalize.ts";
import { openWorkerStore, STORE_LOCK, withStoreLockAsync } from "../store/sqlite/worker-store.ts";
import type { NormalizedEntry } from "../types.ts";
import { type StoredPoll, type StoreSpec, storePoll } from "./store-poll.ts";

/** One response body to parse and normalize, with what normalizing needs. Structured-cloneable. */
export interface ParseJob {
  bytes: Uint8Array;
  /** The URL the body came from (relative links resolve against it). */
  baseUrl: string;
  contentType: string | null;
  feedId: string;
  /** The poll's time (ms since the epoch): first-seen of new entries, and the cap on dates. */
  now: number;
  trackingParams?: readonly string[];
}

/** How a worker reports a job's failure: an AppError's fields, or any other thrown value's. */
export type ParseFailure =
  | { app: true; code: string; message: string; hint: string | undefined; details: string[] }
  | { app: false; name: string; message: string; stack: string | undefined };

/** Where and what to store after parsing: the store file and the feed's new state. */
export interface StoreJob {
  path: string;
  spec: StoreSpec;
}

/** A message to a worker: a job (parse, or parse and store), or the request to close and exit. */
export type WorkerMessage = { id: number; job: ParseJob; store?: StoreJob } | { close: true };

/** A worker's reply to the job with the same id. */
export type ParseReply =
  | { id: number; entries: NormalizedEntry[] }
  | { id: number; stored: StoredPoll }
  | { id: number; failure: ParseFailure };

/** The flag in workerData that makes this module serve jobs (so importing it elsewhere does nothing). */
export const WORKER_FLAG = "feedwrightParseWorker";

/** Parse and normalize one body; throws AppError PARSE / NOT_A_FEED like parseFeed. */
export function parseAndNormalize(job: ParseJob): NormalizedEntry[] {
  const parsed = parseFeed(job.bytes, { baseUrl: job.baseUrl, contentType: job.contentType ?? undefined });
  return normalizeFeed(parsed, {
    feedId: job.feedId,
    now: new Date(job.now),
    trackingParams: job.trackingParams,
  });
}

function failure(err: unknown): ParseFailure {
  if (isAppError(err)) {
    return { app: true, code: err.code, message: err.message, hint: err.hint, details: err.details };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { app: false, name: e.name, message: e.message, stack: e.stack };
}

const port = parentPort;
const data = workerData as Record<string, unknown> | null;
if (port && data?.[WORKER_FLAG] === true) {
  const lock = data[STORE_LOCK] as Int32Array | undefined;
  const stores = openWorkerStore();
  // One message at a time: the pool gives a worker its next job only after this one's reply.
  port.on("message", async (msg: WorkerMessage) => {
    if ("close" in msg) {
      await stores.close(); // every write is committed by now; the pool's checkpointer copies them
      process.exit(0);
    }
    let reply: ParseReply;
    try {
      const entries = parseAndNormalize(msg.job);
      const store = msg.store;
      reply = store
        ? {
            id: msg.id,
            stored: await stores.use(store.path, (db) =>
              withStoreLockAsync(lock, () => storePoll(db, entries, store.spec)),
            ),
          }
        : { id: msg.id, entries };
    } catch (err) {
      reply = { id: msg.id, failure: failure(err) };
    }
    port.postMessage(reply);
  });
}
