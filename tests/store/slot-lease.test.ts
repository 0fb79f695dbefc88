import { expect, it } from "vitest";
import { openStore } from "../../src/store/db.ts";
import { claimSlot, finishSlot, getSlot, releaseSlot, renewSlot } from "../../src/store/slots.ts";
import { forEachEngine, newStore, openTestStore, postgresAdmin } from "../support/engines.ts";

const at = (s: number) => new Date(Date.parse("2026-03-05T09:00:00Z") + s * 1000);
const a = { owner: "a", by: "h1/100", ttlMs: 30_000 };
const b = { owner: "b", by: "h2/200", ttlMs: 30_000 };
const SLOT = "2026-03-05T09:00:00.000Z";

forEachEngine("slot leases", (engine) => {
  it("a started slot is taken over only once its lease expired; a finished slot never", async () => {
    const db = await openTestStore(engine);
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(0), a)).toBe(true);
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(10), b)).toBe(false);
    expect(await renewSlot(db, "weekly", SLOT, a, at(20))).toBe(true); // until 50s
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(45), b)).toBe(false);
    expect(await getSlot(db, "weekly", SLOT)).toMatchObject({ status: "started", ownerBy: "h1/100" });
    // a dies: b takes over after the lease; a's late finish and release change nothing.
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(51), b)).toBe(true);
    expect(await renewSlot(db, "weekly", SLOT, a, at(52))).toBe(false);
    expect(await finishSlot(db, "weekly", SLOT, "written", "a's", at(53), a)).toBe(false);
    await releaseSlot(db, "weekly", SLOT, a);
    expect(await finishSlot(db, "weekly", SLOT, "written", "b's", at(54), b)).toBe(true);
    expect(await getSlot(db, "weekly", SLOT)).toMatchObject({
      status: "written",
      detail: "b's",
      ownerBy: "h2/200",
    });
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(5_000), a)).toBe(false);
  });

  it("without a lease (one daemon) a started slot is never drafted again", async () => {
    const db = await openTestStore(engine);
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(0))).toBe(true);
    expect(await claimSlot(db, "weekly", SLOT, "2026-03-05", at(5_000), b)).toBe(false);
  });
});

it.runIf(postgresAdmin())(
  "gives an expired slot to exactly one of many daemons taking it over at once (PostgreSQL)",
  async () => {
    const url = await newStore("postgres");
    const dbs = await Promise.all(Array.from({ length: 8 }, () => openStore(url)));
    try {
      for (let i = 0; i < 10; i++) {
        const slot = `2026-03-${String(i + 10).padStart(2, "0")}T09:00:00.000Z`;
        expect(await claimSlot(dbs[0]!, "weekly", slot, "d", at(0), a)).toBe(true);
        const won = await Promise.all(
          dbs.map((db, k) =>
            claimSlot(db, "weekly", slot, "d", at(60), { owner: `o${k}`, by: `h/${k}`, ttlMs: 30_000 }),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  },
);
