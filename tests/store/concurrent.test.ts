/** Two processes storing the same stories at the same moment, from two feeds: one entry each, both sources. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { openStore } from "../../src/store/db.ts";
import { countEntries, entriesBetween } from "../../src/store/entries.ts";
import { forEachEngine, newStore } from "../support/engines.ts";

const CHILD = join(import.meta.dirname, "../support/upsert-child.ts");
const STORIES = 200;

function writer(location: string, feed: string, order: string) {
  const child = spawn(process.execPath, [CHILD, location, feed, String(STORIES), order], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const ready = new Promise<void>((resolve) => {
    const check = () => (out.includes("ready\n") ? resolve() : child.stdout!.once("data", check));
    check();
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    (child as ChildProcess).on("close", (code) => resolve({ code, out, err })),
  );
  return { child, ready, done };
}

forEachEngine("concurrent writers", (engine) => {
  it("two processes upserting the same stories end with one entry per story listing both feeds", async () => {
    const location = await newStore(engine);
    await (await openStore(location)).close(); // created and migrated before the race
    // The same order: the two keep reaching the same stories together, each inserting one the
    // other inserted an instant ago (read-then-insert failed this with a unique violation).
    const a = writer(location, "feed-a", "forward");
    const b = writer(location, "feed-b", "forward");
    await Promise.all([a.ready, b.ready]);
    a.child.stdin!.write("go\n");
    b.child.stdin!.write("go\n");
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.err).toBe("");
    expect(rb.err).toBe("");
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const [sa, sb] = [JSON.parse(ra.out.split("\n")[1]!), JSON.parse(rb.out.split("\n")[1]!)];
    // Every story was inserted by exactly one of them and merged into by the other.
    expect(sa.inserted + sb.inserted).toBe(STORIES);
    expect(sa.merged + sb.merged).toBe(STORIES);
    const db = await openStore(location);
    try {
      expect(await countEntries(db)).toBe(STORIES);
      const entries = await entriesBetween(db, "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
      for (const e of entries) expect(e.sources.map((s) => s.feedId).sort()).toEqual(["feed-a", "feed-b"]);
    } finally {
      await db.close();
    }
  });
});
