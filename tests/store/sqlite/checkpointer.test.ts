import { once } from "node:events";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createCheckpointer } from "../../../src/store/sqlite/checkpointer.ts";
import { openSqlite } from "../../../src/store/sqlite/db.ts";
import { createStoreLock } from "../../../src/store/sqlite/worker-store.ts";

/** A store file whose writes are all still in its WAL: the database file has only its first page. */
async function walOnlyStore() {
  const path = join(mkdtempSync(join(tmpdir(), "fw-checkpoint-")), "state.db");
  const db = await openSqlite(path);
  db.sql.exec("PRAGMA wal_autocheckpoint = 0");
  db.sql.exec("INSERT INTO feeds (feed_id, configured_url, url) VALUES ('a', 'u', 'u')");
  return { path, db };
}

const until = async (check: () => boolean) => {
  for (let waited = 0; waited < 10_000 && !check(); waited += 20) await new Promise((r) => setTimeout(r, 20));
};

describe("the pool's checkpointer", () => {
  it("copies a file's WAL into it after every n-th store, not before", async () => {
    const { path, db } = await walOnlyStore();
    const checkpoints = createCheckpointer({ every: 3 });
    try {
      const first = statSync(path).size;
      checkpoints.stored(path);
      checkpoints.stored(path);
      await new Promise((r) => setTimeout(r, 300));
      expect(statSync(path).size).toBe(first);
      checkpoints.stored(path);
      await until(() => statSync(path).size > first);
      expect(statSync(path).size).toBeGreaterThan(first);
    } finally {
      await checkpoints.close();
      db.close();
    }
  });

  it("keeps the WAL short while a worker keeps writing: each checkpoint lets it start over", async () => {
    const { path, db } = await walOnlyStore();
    db.sql.exec("CREATE TABLE t (b BLOB)");
    const lock = createStoreLock();
    // Starting over from 64 frames (256 KB) on: 13 MB written make many times that.
    const checkpoints = createCheckpointer({ every: 4, storeLock: lock, restartFrames: 64 });
    // Its thread started and done with a first checkpoint, so it is there from the first write on.
    const first = statSync(path).size;
    for (let i = 0; i < 4; i++) checkpoints.stored(path);
    await until(() => statSync(path).size > first);
    const writes = 100; // by each of two writers, as a pool's two workers write in turn
    const bytes = 64 * 1024;
    const writers = [0, 1].map(
      () =>
        new Worker(new URL("../../support/wal-writer-worker.ts", import.meta.url), {
          workerData: { path, lock, writes, bytes },
        }),
    );
    for (const w of writers)
      w.on("message", (m: string) => {
        if (m === "wrote") checkpoints.stored(path);
      });
    try {
      await Promise.all(writers.map((w) => once(w, "exit")));
      // A WAL that is never started over holds all 13 MB written (it only grows); one that is
      // started over holds far less, though how much depends on how far the checkpointer thread
      // lags the writers on a busy machine (up to ~5 MB seen under load 15), hence half.
      expect(statSync(`${path}-wal`).size).toBeLessThan((2 * writes * bytes) / 2);
      expect(db.sql.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 2 * writes });
    } finally {
      await checkpoints.close();
      db.close();
    }
  });

  it("gives the workers' store lock back when its thread dies holding it", async () => {
    const { path, db } = await walOnlyStore();
    const lock = createStoreLock();
    const checkpoints = createCheckpointer({
      every: 1,
      storeLock: lock,
      workerUrl: new URL("../../support/lock-and-die-checkpoint-worker.ts", import.meta.url),
    });
    let held = 0;
    try {
      checkpoints.stored(path);
      await until(() => {
        held = Math.max(held, lock[0]!);
        return held !== 0 && lock[0] === 0;
      });
      expect(held).not.toBe(0); // the thread took the lock…
      expect(lock[0]).toBe(0); // …and it is free again after the thread died with it
    } finally {
      await checkpoints.close();
      db.close();
    }
  });

  it("loses nothing when its thread dies: requests and close() still return", async () => {
    const { path, db } = await walOnlyStore();
    const checkpoints = createCheckpointer({
      every: 1,
      workerUrl: new URL("../../support/crash-checkpoint-worker.ts", import.meta.url),
    });
    checkpoints.stored(path); // its thread exits on this one
    await new Promise((r) => setTimeout(r, 500));
    checkpoints.stored(path); // a fresh thread, which dies too
    await checkpoints.close();
    expect(db.sql.prepare("SELECT count(*) AS n FROM feeds").get()).toEqual({ n: 1 });
    db.close();
  });
});
