import { expect, it } from "vitest";
import { acquireLock, readLock, releaseLock, renewLock } from "../../src/store/lock.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";

const a = { owner: "a", pid: 100, host: "h1" };
const b = { owner: "b", pid: 200, host: "h2" };
const at = (s: number) => new Date(Date.parse("2026-03-01T00:00:00Z") + s * 1000);

forEachEngine("store lease", (engine) => {
  it("lets one holder in, refuses others until it expires or is released", async () => {
    const db = await openTestStore(engine);
    expect(await acquireLock(db, "daemon", a, at(0), 30_000)).toBeNull();
    expect(await acquireLock(db, "daemon", b, at(10), 30_000)).toMatchObject({
      owner: "a",
      pid: 100,
      host: "h1",
    });
    expect(await renewLock(db, "daemon", "a", at(20), 30_000)).toBe(true);
    // Renewed at 20s: still held at 45s, free at 51s.
    expect((await acquireLock(db, "daemon", b, at(45), 30_000))?.owner).toBe("a");
    expect(await acquireLock(db, "daemon", b, at(51), 30_000)).toBeNull();
    // The old holder finds out at its next renewal.
    expect(await renewLock(db, "daemon", "a", at(52), 30_000)).toBe(false);
    await releaseLock(db, "daemon", "a"); // not a's any more: no effect
    expect((await readLock(db, "daemon"))?.owner).toBe("b");
    await releaseLock(db, "daemon", "b");
    expect(await readLock(db, "daemon")).toBeUndefined();
    db.close();
  });

  it("takes over an unexpired lease whose holder is known to be dead", async () => {
    const db = await openTestStore(engine);
    await acquireLock(db, "daemon", a, at(0), 30_000);
    expect(await acquireLock(db, "daemon", b, at(1), 30_000, (h) => h.pid === 100)).toBeNull();
    expect((await readLock(db, "daemon"))?.owner).toBe("b");
    db.close();
  });
});
