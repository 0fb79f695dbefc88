import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/daemon/metrics.ts";
import { MissingDrafts } from "../../src/daemon/missing-drafts.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { saveDraft } from "../../src/store/drafts.ts";
import { claimSlot, finishSlot, skipSlot } from "../../src/store/slots.ts";
import { type Engine, forEachEngine, newStore } from "../support/engines.ts";

// Thursdays 09:00 UTC; 2026-03-05 is a Thursday.
const weekly = [{ id: "weekly", schedule: "0 9 * * 4" }];
const SLOT = "2026-03-05T09:00:00.000Z";
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function store(engine: Engine): Promise<Db> {
  const db = await openStore(await newStore(engine));
  open.push(db);
  return db;
}

const check = async (db: Db, at: string, m = new MissingDrafts()) =>
  new Map(await m.check(db, "UTC", weekly, new Date(at)));

const draft = (db: Db, date: string, writtenAt: string) =>
  saveDraft(db, { digestId: "weekly", date, path: "/tmp/x.md", entryIds: [], contentHash: "h", writtenAt });

forEachEngine("MissingDrafts", (engine) => {
  it("reports a failed or abandoned slot until a draft is written after it", async () => {
    const db = await store(engine);
    await claimSlot(db, "weekly", SLOT, "2026-03-05", new Date(SLOT));
    // Claimed and never finished (a daemon stopped while drafting, or drafting now: the alert's for: decides).
    expect((await check(db, "2026-03-05T09:30:00Z")).get("weekly")).toBe(true);
    await finishSlot(db, "weekly", SLOT, "failed", "boom", new Date("2026-03-05T09:01:00Z"));
    expect((await check(db, "2026-03-05T10:00:00Z")).get("weekly")).toBe(true);
    // A draft of last week does not count; one written by hand after the slot does.
    await draft(db, "2026-02-26", "2026-02-26T09:01:00.000Z");
    expect((await check(db, "2026-03-05T10:00:00Z")).get("weekly")).toBe(true);
    await draft(db, "2026-03-05", "2026-03-05T11:00:00.000Z");
    expect((await check(db, "2026-03-05T11:30:00Z")).get("weekly")).toBe(false);
  });

  it("reports a slot nobody has drafted yet, and settles written, empty and skipped slots", async () => {
    const db = await store(engine);
    expect((await check(db, "2026-03-05T09:05:00Z")).get("weekly")).toBe(true);
    for (const status of ["written", "empty"] as const) {
      const d = await store(engine);
      await claimSlot(d, "weekly", SLOT, "2026-03-05", new Date(SLOT));
      await finishSlot(d, "weekly", SLOT, status, null, new Date(SLOT));
      expect((await check(d, "2026-03-05T09:05:00Z")).get("weekly")).toBe(false);
    }
    await skipSlot(db, "weekly", SLOT, "2026-03-05", "schedule changed", new Date(SLOT));
    expect((await check(db, "2026-03-05T09:05:00Z")).get("weekly")).toBe(false);
    // The next slot passes undrafted: missing again (the cached slot is searched again in a new minute).
    const m = new MissingDrafts();
    expect((await check(db, "2026-03-12T08:59:00Z", m)).get("weekly")).toBe(false);
    expect((await check(db, "2026-03-12T09:00:00Z", m)).get("weekly")).toBe(true);
    // Later scrapes search only the minutes since the previous one, and keep the slot found before.
    expect((await check(db, "2026-03-12T09:30:00Z", m)).get("weekly")).toBe(true);
    expect((await check(db, "2026-03-12T10:00:00Z", m)).get("weekly")).toBe(true);
  });

  it("forgets a remembered slot once it is older than catch-up, and searches again after a clock set back", async () => {
    const db = await store(engine);
    const m = new MissingDrafts();
    const yearly = [{ id: "yearly", schedule: "0 9 5 3 *" }];
    const at = async (iso: string) => new Map(await m.check(db, "UTC", yearly, new Date(iso))).get("yearly");
    expect(await at("2026-03-05T09:00:00Z")).toBe(true);
    // 31 days on, only the minutes since the last look were searched: the slot is remembered.
    expect(await at("2026-04-05T09:00:00Z")).toBe(true);
    // 36 days on: beyond catch-up, the daemon would not draft it any more.
    expect(await at("2026-04-10T09:00:00Z")).toBe(false);
    // The clock set back: the whole window is searched again.
    expect(await at("2026-03-06T09:00:00Z")).toBe(true);
  });

  it("reports nothing missing for a schedule whose last slot is beyond catch-up", async () => {
    const db = await store(engine);
    const yearly = [{ id: "yearly", schedule: "0 9 1 1 *" }];
    expect(await new MissingDrafts().check(db, "UTC", yearly, new Date("2026-06-01T00:00:00Z"))).toEqual([
      ["yearly", false],
    ]);
  });
});

describe("feedwright_draft_missing", () => {
  it("asks at each scrape and keeps its last values when the store cannot answer", async () => {
    let answer: () => [string, boolean][] = () => [
      ["a", true],
      ["b", false],
    ];
    const m = createMetrics(async () => answer());
    let text = await m.text();
    expect(text).toContain('feedwright_draft_missing{digest="a"} 1');
    expect(text).toContain('feedwright_draft_missing{digest="b"} 0');
    answer = () => {
      throw new Error("database is locked");
    };
    text = await m.text();
    expect(text).toContain('feedwright_draft_missing{digest="a"} 1');
    // A digest no longer scheduled loses its series.
    answer = () => [["b", true]];
    text = await m.text();
    expect(text).not.toContain('digest="a"');
    expect(text).toContain('feedwright_draft_missing{digest="b"} 1');
  });
});
