/**
 * Parsing off the main thread: a lazily started pool of worker threads running parse-worker.ts, so
 * parsing one feed overlaps with the sockets of the others and with storing (bench/README.md, fetch).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { closeWorker } from "../close-worker.ts";
import { AppError, type ErrorCode, oneLine } from "../errors.ts";
import { siblingModule } from "../sibling-module.ts";
import { createCheckpointer } from "../store/sqlite/checkpointer.ts";
import { createStoreLock, releaseStoreLockOf, STORE_LOCK } from "../store/sqlite/worker-store.ts";
import type { NormalizedEntry } from "../types.ts";
import {
  type ParseFailure,
  type ParseJob,
  type ParseReply,
  type StoreJob,
  WORKER_FLAG,
  type WorkerMessage,
} from "./parse-worker.ts";
import type { StoredPoll } from "./store-poll.ts";

export type { ParseJob, StoreJob } from "./parse-worker.ts";

/** Parses feeds somewhere; pollFeed parses in-thread when it is given none. */
export interface FeedParser {
  /** The entries of one body, or the same AppError (PARSE, NOT_A_FEED) parsing in-thread throws. */
  parse(job: ParseJob): Promise<NormalizedEntry[]>;
  /** Parse, then store the entries and the feed's state in the store file (as storePoll does). */
  parseAndStore?(job: ParseJob, store: StoreJob): Promise<StoredPoll>;
  /** About `bodies` bodies are coming: get ready for them now (a pool starts its workers). */
  warm?(bodies: number): void;
}

/** A pool of parse workers; close() ends them (idle workers never keep the process alive anyway). */
export interface ParsePool extends FeedParser {
  warm(bodies: number): void;
  /** Worker threads running now. */
  workers(): number;
  close(): Promise<void>;
}

/** Options of a pool. */
export interface ParsePoolOptions {
  /** Workers at most (default: the available parallelism, at least 1). */
  size?: number;
  /** The worker entry; tests pass one that crashes on purpose. */
  workerUrl?: URL;
  /** Stores to a file between two checkpoints of it (default: createCheckpointer's). */
  checkpointEvery?: number;
}

interface Task {
  id: number;
  job: ParseJob;
  store?: StoreJob;
  /** Gets the entries for a parse job, what was stored for a store job. */
  resolve: (answer: NormalizedEntry[] | StoredPoll) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The worker's thread id, kept: it reads -1 once the worker has exited. */
  threadId: number;
  task: Task | null;
}

const DEFAULT_WORKER = siblingModule("parse-worker", import.meta.url);

function rebuild(f: ParseFailure): Error {
  if (f.app) return new AppError(f.code as ErrorCode, f.message, { hint: f.hint, details: f.details });
  const err = new Error(f.message);
  err.name = f.name;
  if (f.stack) err.stack = f.stack;
  return err;
}

/** The body's own ArrayBuffer when it may be handed over, else a copy (pooled Buffers share theirs). */
function transferable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  // new Uint8Array(view) copies; Buffer#slice would not (it is a view on the same pool).
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

/**
 * A pool that starts a worker only when a job finds none idle, and gives each worker one job at a time,
 * so a worker that dies (crash, out of memory) fails only the feed it was parsing.
 */
export function createParsePool(opts: ParsePoolOptions = {}): ParsePool {
  const size = Math.max(1, opts.size ?? availableParallelism());
  const url = opts.workerUrl ?? DEFAULT_WORKER;
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let nextId = 0;
  let closed = false;
  const storeLock = createStoreLock();
  // The workers' connections never checkpoint: a thread of its own does, beside their writes.
  const checkpoints = createCheckpointer({ every: opts.checkpointEvery, storeLock });

  const give = (slot: Slot, task: Task) => {
    slot.task = task;
    // Ref'd only while busy: an idle pool must never hold the process open.
    slot.worker.ref();
    const job = { ...task.job, bytes: transferable(task.job.bytes) };
    const message: WorkerMessage = { id: task.id, job, ...(task.store ? { store: task.store } : {}) };
    slot.worker.postMessage(message, [job.bytes.buffer as ArrayBuffer]);
  };

  const settle = (slot: Slot) => {
    slot.task = null;
    const next = queue.shift();
    if (next) give(slot, next);
    else slot.worker.unref();
  };

  const lost = (slot: Slot, why: string) => {
    if (!slots.delete(slot)) return;
    const task = slot.task;
    slot.task = null;
    // A worker that died writing leaves no transaction behind (SQLite rolls it back), nor the lock.
    releaseStoreLockOf(storeLock, slot.threadId);
    void slot.worker.terminate();
    if (task) task.reject(new AppError("PARSE", `the parser crashed on this document (${why})`));
    // Whatever waited behind the dead worker gets a fresh one.
    const next = queue.shift();
    if (next) dispatch(next);
  };

  const spawn = (): Slot => {
    const worker = new Worker(url, { workerData: { [WORKER_FLAG]: true, [STORE_LOCK]: storeLock } });
    worker.unref();
    const slot: Slot = { worker, threadId: worker.threadId, task: null };
    worker.on("message", (reply: ParseReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      if ("failure" in reply) task.reject(rebuild(reply.failure));
      else task.resolve("entries" in reply ? reply.entries : reply.stored);
      settle(slot);
    });
    worker.on("error", (err: unknown) => lost(slot, oneLine(err)));
    worker.on("exit", (code) => lost(slot, `worker exited with status ${code}`));
    slots.add(slot);
    return slot;
  };

  const dispatch = (task: Task) => {
    if (closed) return task.reject(new AppError("INTERNAL", "parse pool used after close()"));
    for (const slot of slots) if (!slot.task) return give(slot, task);
    if (slots.size < size) return give(spawn(), task);
    queue.push(task);
  };

  return {
    parse(job) {
      return new Promise<NormalizedEntry[]>((resolve, reject) =>
        dispatch({ id: nextId++, job, resolve: (a) => resolve(a as NormalizedEntry[]), reject }),
      );
    },
    parseAndStore(job, store) {
      return new Promise<StoredPoll>((resolve, reject) =>
        dispatch({
          id: nextId++,
          job,
          store,
          resolve: (a) => {
            checkpoints.stored(store.path);
            resolve(a as StoredPoll);
          },
          reject,
        }),
      );
    },
    warm(bodies) {
      // A worker takes tens of milliseconds to load the parser: started now, that overlaps the
      // first requests instead of holding up the first body.
      while (!closed && slots.size < Math.min(size, bodies)) spawn();
    },
    workers: () => slots.size,
    async close() {
      closed = true;
      const all = [...slots];
      slots.clear();
      for (const task of queue.splice(0)) task.reject(new AppError("INTERNAL", "parse pool closed"));
      for (const slot of all) slot.task?.reject(new AppError("INTERNAL", "parse pool closed"));
      await Promise.all(all.map((slot) => closeWorker(slot.worker)));
      await checkpoints.close();
    },
  };
}
