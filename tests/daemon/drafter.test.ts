import { pino } from "pino";
import { afterEach, expect, it } from "vitest";
import { Drafter, type DraftResult, type ScheduledDigest } from "../../src/daemon/drafter.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { saveDraft } from "../../src/store/drafts.ts";
import { getSlot } from "../../src/store/slots.ts";
import { forEachEngine, newStore } from "../support/engines.ts";
import { FakeClock } from "./fake-clock.ts";

const HOUR = 3_600_000;
const silent = pino({ level: "silent" });
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A drafter over a real store; drafts are recorded, not written. */
async function drafter(
  path: string,
  now: string,
  opts: {
    digests?: ScheduledDigest[];
    timezone?: string;
    result?: (date: string) => DraftResult | Promise<DraftResult>;
  } = {},
) {
  const db = await openStore(path);
  open.push(db);
  const clock = new FakeClock(now);
  const drafts: { id: string; date: string; slot: string; at: number }[] = [];
  let digests = opts.digests ?? [{ id: "weekly", schedule: "0 9 * * 4" }];
  const d = new Drafter({
    db,
    clock,
    log: silent,
    schedules: () => ({ timezone: opts.timezone ?? "UTC", digests }),
    draft: async (id, date, slot) => {
      drafts.push({ id, date, slot: slot.toISOString(), at: clock.now() });
      return opts.result ? opts.result(date) : { status: "written", detail: null };
    },
  });
  return {
    d,
    db,
    clock,
    drafts,
    setDigests: (x: ScheduledDigest[]) => {
      digests = x;
    },
  };
}

forEachEngine("Drafter", (engine) => {
  it("drafts each slot when it comes, in the config's timezone", async () => {
    // Thursday 09:00 in Shanghai is 01:00 UTC.
    const t = await drafter(await newStore(engine), "2026-03-04T12:00:00Z", { timezone: "Asia/Shanghai" });
    await t.d.start();
    await t.clock.advance(0);
    expect(t.drafts).toEqual([
      {
        id: "weekly",
        date: "2026-02-26",
        slot: "2026-02-26T01:00:00.000Z",
        at: Date.parse("2026-03-04T12:00:00Z"),
      },
    ]);
    await t.clock.advance(15 * 24 * HOUR);
    expect(t.drafts.slice(1)).toEqual([
      {
        id: "weekly",
        date: "2026-03-05",
        slot: "2026-03-05T01:00:00.000Z",
        at: Date.parse("2026-03-05T01:00:00Z"),
      },
      {
        id: "weekly",
        date: "2026-03-12",
        slot: "2026-03-12T01:00:00.000Z",
        at: Date.parse("2026-03-12T01:00:00Z"),
      },
      {
        id: "weekly",
        date: "2026-03-19",
        slot: "2026-03-19T01:00:00.000Z",
        at: Date.parse("2026-03-19T01:00:00Z"),
      },
    ]);
  });

  it("catches up the last slot missed while down, once, and not again after a restart", async () => {
    const path = await newStore(engine);
    const first = await drafter(path, "2026-03-04T12:00:00Z");
    await first.d.start();
    await first.clock.advance(HOUR);
    first.d.stop();
    expect(first.drafts.map((x) => x.date)).toEqual(["2026-02-26"]);
    // Down from Wednesday to the next Tuesday: the Thursday 2026-03-05 slot passed unseen.
    const second = await drafter(path, "2026-03-10T08:00:00Z");
    await second.d.start();
    await second.clock.advance(HOUR);
    second.d.stop();
    expect(second.drafts.map((x) => x.date)).toEqual(["2026-03-05"]);
    expect((await getSlot(second.db, "weekly", "2026-03-05T09:00:00.000Z"))?.status).toBe("written");
    // Restarted again the same day: nothing to catch up, the slot is not drafted twice.
    const third = await drafter(path, "2026-03-10T09:30:00Z");
    await third.d.start();
    await third.clock.advance(HOUR);
    expect(third.drafts).toEqual([]);
  });

  it("skips a slot that `feedwright run` already drafted after it, and records why", async () => {
    const path = await newStore(engine);
    const db = await openStore(path);
    await saveDraft(db, {
      digestId: "weekly",
      date: "2026-03-05",
      path: "/tmp/x.md",
      entryIds: [],
      contentHash: "h",
      writtenAt: "2026-03-05T10:00:00.000Z",
    });
    db.close();
    const t = await drafter(path, "2026-03-06T00:00:00Z");
    await t.d.start();
    await t.clock.advance(0);
    expect(t.drafts).toEqual([]);
    expect(await getSlot(t.db, "weekly", "2026-03-05T09:00:00.000Z")).toMatchObject({
      status: "skipped",
      detail: "drafted at 2026-03-05T10:00:00.000Z",
    });
  });

  it("a failed or empty draft still uses its slot; an interrupted one is handed back for the next start", async () => {
    const path = await newStore(engine);
    const failing = await drafter(path, "2026-03-06T00:00:00Z", {
      result: () => ({ status: "failed", detail: "bad template" }),
    });
    await failing.d.start();
    await failing.clock.advance(0);
    expect(await getSlot(failing.db, "weekly", "2026-03-05T09:00:00.000Z")).toMatchObject({
      status: "failed",
      detail: "bad template",
    });
    const path2 = await newStore(engine);
    const stopped = await drafter(path2, "2026-03-06T00:00:00Z", {
      result: () => ({ status: "interrupted", detail: null }),
    });
    await stopped.d.start();
    await stopped.clock.advance(0);
    expect(await getSlot(stopped.db, "weekly", "2026-03-05T09:00:00.000Z")).toBeUndefined();
    const again = await drafter(path2, "2026-03-06T01:00:00Z");
    await again.d.start();
    await again.clock.advance(0);
    expect(again.drafts.map((x) => x.date)).toEqual(["2026-03-05"]);
  });

  it("runs one draft at a time and follows schedule changes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const t = await drafter(await newStore(engine), "2026-03-05T09:00:30Z", {
      digests: [
        { id: "a", schedule: "0 9 * * *" },
        { id: "b", schedule: "0 9 * * *" },
      ],
      result: async () => {
        await gate;
        return { status: "written", detail: null };
      },
    });
    void t.d.start(); // not awaited: its first draft waits for the gate
    // On a server the look takes a few round trips: wait for the first draft to begin.
    for (let i = 0; i < 1000 && t.drafts.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await t.clock.advance(0);
    expect(t.drafts.map((x) => x.id)).toEqual(["a"]);
    release();
    await t.d.idle();
    expect(t.drafts.map((x) => x.id)).toEqual(["a", "b"]);
    t.setDigests([{ id: "a", schedule: "30 9 * * *" }]);
    await t.d.reschedule();
    await t.clock.advance(HOUR);
    expect(t.drafts.map((x) => `${x.id} ${new Date(x.at).toISOString()}`)).toEqual([
      "a 2026-03-05T09:00:30.000Z",
      "b 2026-03-05T09:00:30.000Z",
      "a 2026-03-05T09:30:00.000Z",
    ]);
  });
});
