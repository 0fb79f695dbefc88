/** Several daemons' drafters on one store: a slot whose daemon died mid-draft is taken over once, after its lease. */
import { pino } from "pino";
import { afterEach, expect, it, vi } from "vitest";
import { Drafter, type DraftResult } from "../../src/daemon/drafter.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { saveDraft } from "../../src/store/drafts.ts";
import { getSlot } from "../../src/store/slots.ts";
import { forEachEngine, newStore } from "../support/engines.ts";
import { FakeClock } from "./fake-clock.ts";

const silent = pino({ level: "silent" });
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

/** A drafter with a slot lease; each has its own clock, so a drafter whose clock stands still is a dead daemon. */
async function drafter(path: string, now: string, owner: string, draft: () => Promise<DraftResult>) {
  const db = await openStore(path);
  open.push(db);
  const clock = new FakeClock(now);
  const drafts: string[] = [];
  const d = new Drafter({
    db,
    clock,
    log: silent,
    lease: { owner, by: `host/${owner}`, ttlMs: 30_000 },
    schedules: () => ({ timezone: "UTC", digests: [{ id: "weekly", schedule: "0 9 * * 4" }] }),
    draft: (_id, date) => {
      drafts.push(date);
      return draft();
    },
  });
  return { d, db, clock, drafts };
}

forEachEngine("Drafter with slot leases", (engine) => {
  it("takes over a slot whose daemon stopped mid-draft once its lease expired, and only then", async () => {
    const path = await newStore(engine);
    let finishLate!: (r: DraftResult) => void;
    const dead = await drafter(
      path,
      "2026-03-05T12:00:00Z",
      "dead",
      () => new Promise((r) => (finishLate = r)),
    );
    void dead.d.start(); // its draft never returns: it resolves when that does
    await dead.clock.advance(0);
    // On a server the store answers over the network: wait for the claim, not a fixed number of turns.
    await vi.waitFor(() => expect(dead.drafts).toEqual(["2026-03-05"]));
    // It died after writing the draft's record, before finishing (publishing) the slot.
    await saveDraft(dead.db, {
      digestId: "weekly",
      date: "2026-03-05",
      path: "drafts/2026-03-05-weekly.md",
      entryIds: [],
      contentHash: "h",
      writtenAt: "2026-03-05T12:00:01.000Z",
    });
    // The other daemon starts 10s later: the slot is being drafted, so it waits for the lease.
    const other = await drafter(path, "2026-03-05T12:00:10Z", "other", async () => ({
      status: "written",
      detail: "other's",
    }));
    await other.d.start();
    await other.clock.advance(0);
    expect(other.drafts).toEqual([]);
    await other.clock.advance(15_000);
    expect(other.drafts).toEqual([]);
    await other.clock.advance(10_000); // 12:00:35, past the lease taken at 12:00:00 (catching up the 09:00 slot)
    await other.d.idle();
    expect(other.drafts).toEqual(["2026-03-05"]);
    // The stalled daemon finishing late does not overwrite the record.
    finishLate({ status: "written", detail: "dead's" });
    dead.d.stop();
    await dead.d.idle();
    expect(await getSlot(other.db, "weekly", "2026-03-05T09:00:00.000Z")).toMatchObject({
      status: "written",
      detail: "other's",
      ownerBy: "host/other",
    });
    // A third daemon later: the finished slot is never redone.
    const third = await drafter(path, "2026-03-05T13:00:00Z", "third", async () => ({
      status: "written",
      detail: null,
    }));
    await third.d.start();
    await third.clock.advance(60_000);
    expect(third.drafts).toEqual([]);
  });
});
