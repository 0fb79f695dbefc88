import { expect, it } from "vitest";
import { getDraft, saveDraft, usedBefore } from "../../src/store/drafts.ts";
import type { DraftRecord } from "../../src/types.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";

const record = (date: string, entryIds: string[]): DraftRecord => ({
  digestId: "weekly",
  date,
  path: `drafts/${date}.md`,
  entryIds,
  contentHash: `hash-${date}`,
  writtenAt: `${date}T09:00:00.000Z`,
});

forEachEngine("store: draft records", (engine) => {
  it("keeps every entry of a draft, across the statements a long list is stored in", async () => {
    const db = await openTestStore(engine);
    const ids = Array.from({ length: 1_234 }, (_, i) => `e${i}`);
    await saveDraft(db, record("2026-01-08", ids));
    expect((await getDraft(db, "weekly", "2026-01-08"))?.entryIds).toEqual(ids);
    const used = await usedBefore(db, "weekly", "2026-01-15");
    expect(used.size).toBe(1_234);
    expect(used.get("e0")).toBe("2026-01-08");
    expect(used.get("e1233")).toBe("2026-01-08");
  });

  it("a re-draft replaces the day's entries; earlier days keep theirs; a repeated id is kept once", async () => {
    const db = await openTestStore(engine);
    await saveDraft(db, record("2026-01-08", ["a", "b"]));
    await saveDraft(db, record("2026-01-15", ["b", "c", "d"]));
    await saveDraft(db, record("2026-01-15", ["c", "e", "e"]));
    const used = await usedBefore(db, "weekly", "2026-01-22");
    expect(Object.fromEntries(used)).toEqual({
      a: "2026-01-08",
      b: "2026-01-08",
      c: "2026-01-15",
      e: "2026-01-15",
    });
    expect((await usedBefore(db, "weekly", "2026-01-15")).has("c")).toBe(false);
  });

  it("an empty draft stores no entries", async () => {
    const db = await openTestStore(engine);
    await saveDraft(db, record("2026-01-08", []));
    expect((await getDraft(db, "weekly", "2026-01-08"))?.entryIds).toEqual([]);
    expect((await usedBefore(db, "weekly", "2026-01-09")).size).toBe(0);
  });
});
