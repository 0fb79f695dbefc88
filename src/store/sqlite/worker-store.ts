/**
 * A parse worker's side of storing: its own connections to the store files it is asked to write,
 * and a lock shared by all workers of a pool so that only one of them writes at a time. SQLite
 * allows one writer anyway; without the lock a second worker would wait in SQLite's busy handler,
 * which sleeps in steps of up to 100 ms, where Atomics.wait wakes as soon as the lock is free.
 */
import { threadId } from "node:worker_threads";
import { openSqlite, type SqliteDb } from "./db.ts";

/** The connections of one worker thread, opened on first use, closed together. */
export function openWorkerStore(): {
  use<T>(path: string, fn: (db: SqliteDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
} {
  const open = new Map<string, SqliteDb>();
  return {
    async use(path, fn) {
      let db = open.get(path);
      if (!db) {
        db = await openSqlite(path);
        // Never checkpoint on commit: copying the WAL into the database and waiting for its fsyncs
        // would hold up a parse worker's next feed. The pool's checkpointer thread does it instead.
        db.sql.exec("PRAGMA wal_autocheckpoint = 0");
        open.set(path, db);
      }
      return fn(db);
    },
    async close() {
      for (const db of open.values()) await db.close();
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

/**
 * Run async `fn` holding `lock` until it settles. Meant for the SQLite engine, whose promises settle
 * without I/O waits: the lock is never held across a real wait of this thread.
 */
export async function withStoreLockAsync<T>(lock: Int32Array | undefined, fn: () => Promise<T>): Promise<T> {
  if (!lock) return fn();
  acquire(lock);
  try {
    return await fn();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}

function acquire(lock: Int32Array): void {
  for (;;) {
    const holder = Atomics.compareExchange(lock, 0, 0, threadId);
    if (holder === 0) return;
    Atomics.wait(lock, 0, holder);
  }
}

/** Run `fn` holding `lock` (blocking this worker until it is free); without a lock, just run it. */
export function withStoreLock<T>(lock: Int32Array | undefined, fn: () => T): T {
  if (!lock) return fn();
  acquire(lock);
  try {
    return fn();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}
