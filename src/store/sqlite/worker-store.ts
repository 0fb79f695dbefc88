/**
 * A parse worker's side of storing: its own connections to the store files it is asked to write,
 * and a lock shared by all workers of a pool so that only one of them writes at a time. SQLite
 * allows one writer anyway; without the lock a second worker would wait in SQLite's busy handler,
 * which sleeps in steps of up to 100 ms, where Atomics.wait wakes as soon as the lock is free.
 */
import { threadId } from "node:worker_threads";
import { type Db, openDb } from "./db.ts";

/** The connections of one worker thread, opened on first use, closed together. */
export function openWorkerStore(): { use<T>(path: string, fn: (db: Db) => T): T; close(): void } {
  const open = new Map<string, Db>();
  return {
    use(path, fn) {
      let db = open.get(path);
      if (!db) {
        db = openDb(path);
        // Never checkpoint on commit: copying the WAL into the database and waiting for its fsyncs
        // would hold up a parse worker's next feed. The pool's checkpointer thread does it instead.
        db.sql.exec("PRAGMA wal_autocheckpoint = 0");
        open.set(path, db);
      }
      return fn(db);
    },
    close() {
      for (const db of open.values()) db.close();
      open.clear();
    },
  };
}

/** workerData key of a pool's store lock. */
export const STORE_LOCK = "feedwrightStoreLock";

/** A lock for withStoreLock(): one Int32 in shared memory, 0 when free, else the holder's threadId. */
export function createStoreLock(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Frees `lock` if the thread `threadId` (a worker that died) held it; SQLite rolled its write back. */
export function releaseStoreLockOf(lock: Int32Array, threadId: number): void {
  if (Atomics.compareExchange(lock, 0, threadId, 0) === threadId) Atomics.notify(lock, 0, 1);
}

/** Run `fn` holding `lock` (blocking this worker until it is free); without a lock, just run it. */
export function withStoreLock<T>(lock: Int32Array | undefined, fn: () => T): T {
  if (!lock) return fn();
  for (;;) {
    const holder = Atomics.compareExchange(lock, 0, 0, threadId);
    if (holder === 0) break;
    Atomics.wait(lock, 0, holder);
  }
  try {
    return fn();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}
