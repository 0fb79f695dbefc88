import { expect, it } from "vitest";
import { holdLease, LEASE } from "../../src/daemon/lease.ts";
import { isAppError } from "../../src/errors.ts";
import { acquireLock, readLock } from "../../src/store/lock.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";
import { FakeClock } from "./fake-clock.ts";

const other = { owner: "other", pid: 1, host: "another-host" };

forEachEngine("holdLease", (engine) => {
  it("keeps the lease alive with heartbeats for as long as it runs, and frees it on release", async () => {
    const db = await openTestStore(engine);
    const clock = new FakeClock("2026-03-01T00:00:00Z");
    const lease = await holdLease(db, clock, () => {}, 30_000);
    await clock.advance(10 * 60_000);
    // Ten minutes in, another daemon still finds it held (the heartbeat moved the expiry along).
    expect((await acquireLock(db, LEASE, other, new Date(clock.now()), 30_000))?.pid).toBe(process.pid);
    await lease.release();
    expect(await readLock(db, LEASE)).toBeUndefined();
    expect(await acquireLock(db, LEASE, other, new Date(clock.now()), 30_000)).toBeNull();
    db.close();
  });

  it("refuses with STORE_LOCKED while another live daemon holds it", async () => {
    const db = await openTestStore(engine);
    const clock = new FakeClock("2026-03-01T00:00:00Z");
    await acquireLock(db, LEASE, other, new Date(clock.now()), 30_000);
    let err: unknown;
    try {
      await holdLease(db, clock, () => {}, 30_000);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, "STORE_LOCKED")).toBe(true);
    expect((err as Error).message).toContain(
      "another feedwright daemon is using this store (pid 1 on another-host",
    );
    db.close();
  });

  it("says so when the lease was lost to another daemon (this one stalled past its expiry)", async () => {
    const db = await openTestStore(engine);
    const clock = new FakeClock("2026-03-01T00:00:00Z");
    let lost = 0;
    await holdLease(db, clock, () => lost++, 30_000);
    // Another daemon takes over, as it may once our lease has expired.
    await acquireLock(db, LEASE, other, new Date(clock.now() + 60_000), 30_000);
    await clock.advance(10_000);
    expect(lost).toBe(1);
    await clock.advance(60_000);
    expect(lost).toBe(1);
    expect((await readLock(db, LEASE))?.owner).toBe("other");
    db.close();
  });
});
