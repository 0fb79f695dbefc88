import { expect, it } from "vitest";
import { countEntries, entriesBetween, upsertEntries } from "../../src/store/entries.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";
import { entry } from "../support/store.ts";

const ALL = ["2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"] as const;

forEachEngine("store: one story, one entry", (engine) => {
  const db = () => openTestStore(engine);
  it("stores any text a feed can carry: quotes, backslashes, controls, a lone surrogate (as U+FFFD)", async () => {
    const d = await db();
    const text = 'a "quoted" \\ back\u0001slash, 中文, \ud800 alone';
    await upsertEntries(d, [
      entry({ feedId: "a", title: text, summary: text, published: "2026-01-10T00:00:00Z", guid: "g" }),
    ]);
    const [only] = await entriesBetween(d, ...ALL);
    const want = text.replace("\ud800", "\ufffd");
    expect([only!.title, only!.summary]).toEqual([want, want]);
  });

  it("same feed + same guid is one entry; an edited story updates in place", async () => {
    const d = await db();
    const e = entry({ feedId: "a", title: "T", published: "2026-01-10T00:00:00Z", guid: "g1" });
    expect((await upsertEntries(d, [e])).inserted).toBe(1);
    const r = await upsertEntries(d, [{ ...e, summary: "Edited.", contentHash: "other" }]);
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    expect((await entriesBetween(d, ...ALL)).map((x) => x.summary)).toEqual(["Edited."]);
  });

  it("the same canonical URL from another feed merges and remembers both sources", async () => {
    const d = await db();
    const url = "https://example.com/story";
    await upsertEntries(d, [
      entry({ feedId: "a", title: "Story", published: "2026-01-10T00:00:00Z", url, guid: "a-1" }),
    ]);
    const r = await upsertEntries(d, [
      entry({ feedId: "b", title: "Story | B", published: "2026-01-10T01:00:00Z", url, guid: "b-9" }),
    ]);
    expect(r).toMatchObject({ inserted: 0, merged: 1 });
    const [only] = await entriesBetween(d, ...ALL);
    expect(only!.feedId).toBe("a");
    expect(only!.sources.map((s) => [s.feedId, s.guid])).toEqual([
      ["a", "a-1"],
      ["b", "b-9"],
    ]);
  });

  it("guids that change while links stay the same do not create new entries", async () => {
    const d = await db();
    const base = {
      feedId: "a",
      title: "Story",
      published: "2026-01-10T00:00:00Z",
      url: "https://example.com/s",
    };
    await upsertEntries(d, [entry({ ...base, guid: "tag:1" })]);
    await upsertEntries(d, [entry({ ...base, guid: "tag:2" })]);
    await upsertEntries(d, [entry({ ...base, guid: "tag:3" })]);
    expect(await countEntries(d)).toBe(1);
    // …and the newest guid is now known too, so a later poll with it is recognized directly.
    expect(
      (await upsertEntries(d, [entry({ ...base, guid: "tag:3", url: "https://example.com/moved" })]))
        .inserted,
    ).toBe(0);
  });

  it("same feed + same title and date, with no guid and no link, is one entry", async () => {
    const d = await db();
    const e = entry({
      feedId: "a",
      title: "No id",
      published: "2026-01-10T00:00:00Z",
      guid: null,
      url: null,
      link: null,
      fallbackKey: "k1",
    });
    await upsertEntries(d, [e]);
    await upsertEntries(d, [e]);
    expect(await countEntries(d)).toBe(1);
    await upsertEntries(d, [{ ...e, fallbackKey: "k2" }]);
    expect(await countEntries(d)).toBe(2);
  });

  it("an entry first stored without a date takes the feed's date when it appears", async () => {
    const d = await db();
    const e = entry({ feedId: "a", title: "Undated", published: "2026-01-10T00:00:00Z" });
    await upsertEntries(d, [{ ...e, published: null, firstSeen: "2026-01-12T00:00:00Z" }]);
    expect((await entriesBetween(d, ...ALL))[0]).toMatchObject({
      published: "2026-01-12T00:00:00Z",
      publishedIsFirstSeen: true,
    });
    await upsertEntries(d, [e]);
    expect((await entriesBetween(d, ...ALL))[0]).toMatchObject({
      published: "2026-01-10T00:00:00Z",
      publishedIsFirstSeen: false,
    });
  });

  it("duplicates inside one response are found as well as stored ones", async () => {
    const d = await db();
    const at = "2026-01-10T00:00:00Z";
    const url = "https://example.com/twice";
    const r = await upsertEntries(d, [
      entry({ feedId: "a", title: "First", published: at, guid: "g1" }),
      entry({ feedId: "a", title: "First, edited", published: at, guid: "g1", contentHash: "edited" }),
      entry({ feedId: "a", title: "By URL", published: at, guid: "g2", url }),
      entry({ feedId: "a", title: "By URL again", published: at, guid: "g3", url }),
      entry({ feedId: "b", title: "By URL from b", published: at, guid: "g1", url }),
    ]);
    // "By URL again" is the same story (its URL) from its own feed with new text: an edit.
    expect(r).toMatchObject({ inserted: 2, updated: 2, merged: 1 });
    expect(new Set(r.ids).size).toBe(2);
    const stored = await entriesBetween(d, ...ALL);
    expect(stored.map((x) => x.title).sort()).toEqual(["By URL again", "First, edited"]);
    const byUrl = stored.find((x) => x.url === url)!;
    // One source per feed is shown (the first); g3 is kept too, as the lookup below shows.
    expect(byUrl.sources.map((s) => [s.feedId, s.guid])).toEqual([
      ["a", "g2"],
      ["b", "g1"],
    ]);
    // The next response finds all of them by guid, whichever source carried it.
    const again = await upsertEntries(d, [
      entry({ feedId: "a", title: "x", published: at, guid: "g3" }),
      entry({ feedId: "b", title: "y", published: at, guid: "g1" }),
    ]);
    expect(again.inserted).toBe(0);
    expect(again.ids).toEqual([byUrl.id, byUrl.id]);
  });

  it("a failing transaction leaves nothing half-written", async () => {
    const d = await db();
    const good = entry({ feedId: "a", title: "Good", published: "2026-01-10T00:00:00Z" });
    const bad = {
      ...entry({ feedId: "a", title: "Bad", published: "2026-01-10T00:00:00Z" }),
      title: null as unknown as string,
    };
    await expect(upsertEntries(d, [good, bad])).rejects.toThrow();
    expect(await countEntries(d)).toBe(0);
  });
});
