/**
 * Batches planned in memory and written in a few statements (entry-upsert.ts) end exactly as the
 * one-entry-at-a-time path (entry-upsert-each.ts) ends: same results, same rows, same source order.
 */
import { expect, it } from "vitest";
import type { Db } from "../../src/store/db.ts";
import { entriesBetween, upsertEntries } from "../../src/store/entries.ts";
import { upsertOneByOne } from "../../src/store/entry-upsert-each.ts";
import type { NormalizedEntry } from "../../src/types.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";
import { mulberry32 } from "../support/random.ts";
import { entry } from "../support/store.ts";

/** Every row of both tables, sources in insertion order (rowid values themselves may differ). */
async function dump(db: Db): Promise<unknown> {
  return {
    entries: await db.all("SELECT * FROM entries ORDER BY id"),
    sources: await db.all(
      "SELECT entry_id, feed_id, guid, fallback_key, link, title, first_seen FROM entry_sources ORDER BY rowid",
    ),
  };
}

/**
 * A batch over a few feeds drawing guids, URLs and fallback keys from small shared sets: stories
 * seen again, edited, merged across feeds, guids reused, ids colliding (a guid equal to another
 * entry's fallback key gives the same id), dates given later.
 */
function batch(rand: () => number, n: number): NormalizedEntry[] {
  const of = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    // Items with neither guid nor link are known by their fallback key (title + date) alone.
    const bare = rand() < 0.4;
    return entry({
      feedId: of(["a", "b", "c"]),
      title: `Story ${of(["1", "2", "3"])}`,
      guid: bare ? null : of([null, "x1", "x2", "x3", "x4"]),
      url: bare ? null : of([null, "https://e.example/1", "https://e.example/2", "https://e.example/3"]),
      fallbackKey: bare ? of(["x1", "x2", "k1", "k2"]) : of([null, null, "x1"]),
      contentHash: of(["h1", "h2", "h3"]),
      published: of([null, "2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z"]) as string,
      firstSeen: `2026-01-12T00:00:${String(i % 60).padStart(2, "0")}Z`,
    });
  });
}

forEachEngine("store: batched upserts", (engine) => {
  it("end exactly as upserting one entry at a time, over many random batches", async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const [batched, each] = [await openTestStore(engine), await openTestStore(engine)];
      const rand = mulberry32(seed);
      for (let b = 0; b < 4; b++) {
        const list = batch(rand, 1 + Math.floor(rand() * 16));
        const got = await upsertEntries(batched, list);
        const want = await each.tx((q) => upsertOneByOne(q, list));
        expect(got, `seed ${seed}, batch ${b}`).toEqual(want);
        expect(await dump(batched), `seed ${seed}, batch ${b}`).toEqual(await dump(each));
      }
      await batched.close();
      await each.close();
    }
    // 60 new stores: a new PostgreSQL database each, slow on a busy machine.
  }, 120_000);

  it("an item with neither guid nor link matches an earlier item of its batch by title and date", async () => {
    const d = await openTestStore(engine);
    const at = "2026-01-10T00:00:00Z";
    const r = await upsertEntries(d, [
      entry({
        feedId: "a",
        title: "T",
        published: at,
        guid: "g",
        url: "https://e.example/t",
        fallbackKey: "k",
      }),
      entry({ feedId: "a", title: "T", published: at, guid: null, url: null, link: null, fallbackKey: "k" }),
    ]);
    expect(r.inserted).toBe(1);
    expect(r.ids[1]).toBe(r.ids[0]);
  });

  it("a story whose id is already taken by a row the lookups did not find is merged into it", async () => {
    const d = await openTestStore(engine);
    const at = "2026-01-10T00:00:00Z";
    // Stored by its fallback key (no guid, no link): its id comes from the key "k".
    const first = entry({
      feedId: "a",
      title: "One",
      published: at,
      guid: null,
      url: null,
      fallbackKey: "k",
    });
    await upsertEntries(d, [first]);
    // Now with a guid equal to that key: not found by guid, URL or its own fallback key, same id.
    const r = await upsertEntries(d, [
      entry({ feedId: "a", title: "New", published: at, url: "https://e.example/new", guid: "n" }),
      entry({ feedId: "a", title: "One", published: at, guid: "k", url: null, fallbackKey: "k2" }),
    ]);
    expect(r).toMatchObject({ inserted: 1, merged: 0 });
    const all = await entriesBetween(d, "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    expect(all.map((e) => e.title).sort()).toEqual(["New", "One"]);
    expect(r.ids[1]).toBe(all.find((e) => e.title === "One")!.id);
  });
});
