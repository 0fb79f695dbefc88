import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCheckpointer } from "../../src/pipeline/checkpointer.ts";
import { openDb } from "../../src/store/db.ts";

/** A store file whose writes are all still in its WAL: the database file has only its first page. */
function walOnlyStore() {
  const path = join(mkdtempSync(join(tmpdir(), "fw-checkpoint-")), "state.db");
  const db = openDb(path);
  db.sql.exec("PRAGMA wal_autocheckpoint = 0");
  db.sql.exec("INSERT INTO feeds (feed_id, configured_url, url) VALUES ('a', 'u', 'u')");
  return { path, db };
}

const until = async (check: () => boolean) => {
  for (let waited = 0; waited < 10_000 && !check(); waited += 20) await new Promise((r) => setTimeout(r, 20));
};

describe("the pool's checkpointer", () => {
  it("copies a file's WAL into it after every n-th store, not before", async () => {
    const { path, db } = walOnlyStore();
    const checkpoints = createCheckpointer(3);
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

  it("loses nothing when its thread dies: requests and close() still return", async () => {
    const { path, db } = walOnlyStore();
    const checkpoints = createCheckpointer(
      1,
      new URL("../support/crash-checkpoint-worker.ts", import.meta.url),
    );
    checkpoints.stored(path); // its thread exits on this one
    await new Promise((r) => setTimeout(r, 500));
    checkpoints.stored(path); // a fresh thread, which dies too
    await checkpoints.close();
    expect(db.sql.prepare("SELECT count(*) AS n FROM feeds").get()).toEqual({ n: 1 });
    db.close();
  });
});
