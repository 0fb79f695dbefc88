/**
 * Checkpoints for the stores the parse workers write to, on a thread of their own (see
 * checkpoint-worker.ts): the workers' connections never checkpoint, and after every few stores
 * the pool asks this thread to. A request that comes while one is running is merged into one
 * that runs right after it.
 */
import { Worker } from "node:worker_threads";
import { closeWorker } from "../../close-worker.ts";
import { siblingModule } from "../../sibling-module.ts";
import {
  CHECKPOINT_FLAG,
  type CheckpointMessage,
  type CheckpointReply,
  RESTART_FRAMES,
} from "./checkpoint-worker.ts";
import { releaseStoreLockOf, STORE_LOCK } from "./worker-store.ts";

/** Requests checkpoints of store files; close() ends its thread. */
export interface Checkpointer {
  /** One more poll was stored in `path`; every `every`-th asks for a checkpoint. */
  stored(path: string): void;
  close(): Promise<void>;
}

const WORKER_URL = siblingModule("checkpoint-worker", import.meta.url);

/** Options of a checkpointer. */
export interface CheckpointerOptions {
  /** Stores to a file between two checkpoints of it. */
  every?: number;
  /** The lock the pool's workers write under (worker-store.ts), taken to let the WAL start over. */
  storeLock?: Int32Array;
  /** WAL frames from which a checkpoint makes sure the WAL starts over (default 4096: 16 MB). */
  restartFrames?: number;
  /** The thread's entry; tests pass one that dies on purpose. */
  workerUrl?: URL;
}

/**
 * A checkpointer asking after every `every` (default 16) stores to a file. bench/fetch: a poll
 * writes ~0.7 MB of WAL, so 16 polls make a checkpoint of ~11 MB, about as often as SQLite's own
 * autocheckpoint.
 */
export function createCheckpointer(opts: CheckpointerOptions = {}): Checkpointer {
  const every = opts.every ?? 16;
  let worker: Worker | null = null;
  let running: string | null = null;
  const waiting = new Set<string>();
  const counts = new Map<string, number>();

  const send = (path: string) => {
    if (!worker) {
      worker = new Worker(opts.workerUrl ?? WORKER_URL, {
        workerData: {
          [CHECKPOINT_FLAG]: true,
          [STORE_LOCK]: opts.storeLock,
          [RESTART_FRAMES]: opts.restartFrames,
        },
      });
      worker.on("message", (reply: CheckpointReply) => {
        if (reply.done !== running) return;
        running = null;
        const next = waiting.values().next();
        if (next.done)
          worker?.unref(); // idle: never keeps the process alive
        else {
          waiting.delete(next.value);
          send(next.value);
        }
      });
      // A lost checkpointer loses no data: the WAL keeps growing, and closing the store checkpoints it.
      // It must not take the workers' lock with it, though: they would wait for it forever.
      const threadId = worker.threadId; // reads -1 once the thread has exited
      worker.on("error", () => {});
      worker.on("exit", () => {
        if (opts.storeLock) releaseStoreLockOf(opts.storeLock, threadId);
        worker = null;
        running = null;
      });
    }
    running = path;
    worker.ref();
    worker.postMessage({ checkpoint: path } satisfies CheckpointMessage);
  };

  return {
    stored(path) {
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      if (n % every !== 0) return;
      if (running === null) send(path);
      else waiting.add(path); // runs next: even the file being checkpointed now has more to copy by then
    },
    close() {
      waiting.clear();
      return worker ? closeWorker(worker) : Promise.resolve();
    },
  };
}
