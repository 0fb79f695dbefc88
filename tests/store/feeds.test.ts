import { expect, it } from "vitest";
import { ensureFeed, ensureFeeds, getFeed, updateFeed } from "../../src/store/feeds.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";

forEachEngine("store: feed states of a run, up front", (engine) => {
  it("creates every new feed, in order and in batches, with the state ensureFeed gives one", async () => {
    const d = await openTestStore(engine);
    const feeds = Array.from({ length: 701 }, (_, i) => ({
      id: `f${String(700 - i).padStart(3, "0")}`,
      url: `https://h${i % 7}.example/feed${i}.xml`,
    }));
    const states = await ensureFeeds(d, feeds);
    expect(states.map((s) => s.feedId)).toEqual(feeds.map((f) => f.id));
    expect(states.map((s) => s.url)).toEqual(feeds.map((f) => f.url));
    const one = await ensureFeed(await openTestStore(engine), feeds[5]!.id, feeds[5]!.url);
    expect(states[5]).toEqual(one);
    expect(await d.get<{ n: number }>("SELECT COUNT(*) AS n FROM feeds")).toMatchObject({ n: 701 });
    await d.close();
  });

  it("keeps what it knows of an unchanged feed, and forgets it for a feed whose URL changed", async () => {
    const d = await openTestStore(engine);
    await ensureFeeds(d, [
      { id: "kept", url: "https://a.example/feed" },
      { id: "moved", url: "https://b.example/feed" },
    ]);
    for (const id of ["kept", "moved"])
      await updateFeed(d, id, { etag: '"v1"', consecutiveFailures: 2, lastStatus: "500" });
    const [kept, moved, fresh] = await ensureFeeds(d, [
      { id: "kept", url: "https://a.example/feed" },
      { id: "moved", url: "https://b.example/new-feed" },
      { id: "fresh", url: "https://c.example/feed" },
    ]);
    expect(kept).toMatchObject({ etag: '"v1"', consecutiveFailures: 2 });
    expect(moved).toMatchObject({ url: "https://b.example/new-feed", etag: null, consecutiveFailures: 0 });
    expect(fresh).toEqual(await getFeed(d, "fresh"));
    expect(fresh).toMatchObject({ url: "https://c.example/feed", etag: null });
    await d.close();
  });
});
