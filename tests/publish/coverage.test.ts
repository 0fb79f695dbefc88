import { describe, expect, it } from "vitest";
import type { Selection } from "../../src/digest/select.ts";
import { buildCoverage } from "../../src/publish/coverage.ts";
import type { Entry, FeedState } from "../../src/types.ts";

const FROM = "2026-01-09T00:00:00Z";

function entry(id: string, feedId: string, over: Partial<Entry> = {}, alsoFrom: string[] = []): Entry {
  const published = over.published ?? "2026-01-12T08:00:00Z";
  return {
    id,
    feedId,
    guid: id,
    url: `https://example.com/${id}`,
    link: `https://example.com/${id}`,
    title: `Story ${id}`,
    summary: "",
    contentHtml: "",
    author: null,
    categories: [],
    published,
    publishedIsFirstSeen: false,
    firstSeen: "2026-01-14T06:00:00Z",
    contentHash: id,
    language: "en",
    sources: [feedId, ...alsoFrom].map((f) => ({
      feedId: f,
      guid: id,
      link: null,
      title: null,
      firstSeen: published,
    })),
    ...over,
  };
}

function state(feedId: string, over: Partial<FeedState> = {}): FeedState {
  return {
    feedId,
    url: `https://${feedId}.example/feed`,
    configuredUrl: `https://${feedId}.example/feed`,
    etag: null,
    lastModified: null,
    lastAttempt: "2026-01-14T06:00:00Z",
    lastSuccess: "2026-01-14T06:00:00Z",
    lastStatus: "200",
    lastError: null,
    consecutiveFailures: 0,
    nextPoll: null,
    gone: false,
    entriesSeen: 10,
    lastPollOldestItem: "2026-01-01T00:00:00Z",
    ...over,
  };
}

const FEEDS = [
  { id: "a", title: "Alpha" },
  { id: "b", title: "Beta" },
  { id: "c" },
  { id: "d", title: "Delta" },
];

describe("buildCoverage", () => {
  const a1 = entry("a1", "a", {}, ["b"]); // one entry reported by two feeds
  const b2 = entry("b2", "b"); // a near-duplicate of a1 from feed b, merged into its story
  const a3 = entry("a3", "a", { publishedIsFirstSeen: true, published: "2026-01-14T06:00:00Z" });
  const c4 = entry("c4", "c", { published: "2026-01-14T06:00:00Z" }); // a future date clamped to first-seen
  const c5 = entry("c5", "c");
  const selection: Pick<Selection, "items" | "candidates"> = {
    items: [
      { entry: a1, others: [b2], tags: [], score: 1 },
      { entry: a3, others: [], tags: [], score: 0.5 },
    ],
    candidates: [
      { entry: b2, tags: [], reason: `duplicate of "${a1.title}"` },
      { entry: c4, tags: [], reason: "below the cut: maxItems 2" },
      { entry: c5, tags: [], reason: 'filtered: exclude "ads" of feed c' },
    ],
  };
  const states = new Map([
    ["a", state("a")],
    [
      "b",
      state("b", {
        consecutiveFailures: 3,
        lastError: "HTTP 503 Service Unavailable",
        lastSuccess: "2026-01-10T06:00:00Z",
      }),
    ],
    ["c", state("c", { lastPollOldestItem: "2026-01-13T00:00:00Z" })],
    ["d", state("d", { gone: true, lastAttempt: "2026-01-13T06:00:00Z" })],
  ]);
  const cov = buildCoverage({ feeds: FEEDS, states, selection, windowFrom: FROM });

  it("reports per feed: health, items seen (as any source), stories selected, date problems, missed-items warnings", () => {
    expect(
      cov.feeds.map(({ id, name, health, seen, selected, undated, futureDated, warning }) => ({
        id,
        name,
        health,
        seen,
        selected,
        undated,
        futureDated,
        warning,
      })),
    ).toEqual([
      {
        id: "a",
        name: "Alpha",
        health: "ok",
        seen: 2,
        selected: 2,
        undated: 1,
        futureDated: 0,
        warning: null,
      },
      {
        id: "b",
        name: "Beta",
        health: "failing since its last success on 2026-01-10 (3× in a row): HTTP 503 Service Unavailable",
        seen: 2,
        selected: 1,
        undated: 0,
        futureDated: 0,
        warning: null,
      },
      {
        id: "c",
        name: "c",
        health: "ok",
        seen: 2,
        selected: 0,
        undated: 0,
        futureDated: 1,
        warning:
          "may have missed items: its last response went back only to 2026-01-13T00:00:00Z, and the poll before it was at 2026-01-12T08:00:00Z",
      },
      {
        id: "d",
        name: "Delta",
        health: "gone (HTTP 410) since 2026-01-13",
        seen: 0,
        selected: 0,
        undated: 0,
        futureDated: 0,
        warning: null,
      },
    ]);
  });

  it("lists merged stories with every source, and left-out entries with their reason (merged duplicates excluded)", () => {
    expect(cov.clusters).toEqual([
      { title: "Story a1", link: "https://example.com/a1", size: 2, sources: ["Alpha", "Beta"] },
    ]);
    expect(cov.leftOut).toEqual([
      { title: "Story c4", link: "https://example.com/c4", feed: "c", reason: "below the cut: maxItems 2" },
      {
        title: "Story c5",
        link: "https://example.com/c5",
        feed: "c",
        reason: 'filtered: exclude "ads" of feed c',
      },
    ]);
    expect(cov.totals).toEqual({ feeds: 4, unhealthy: 2, seen: 5, selected: 2, merged: 1, leftOut: 2 });
    expect(cov.dateIssues.map((f) => f.id)).toEqual(["a", "c"]);
  });

  it("warns of missed items only when the last response starts after the poll before it", () => {
    const LAST = "2026-01-14T06:00:00Z";
    // Both entries arrived in the last poll; the oldest it listed is inside the window.
    const fresh = [
      entry("n1", "a", { published: "2026-01-13T00:00:00Z" }),
      entry("n2", "a", { published: "2026-01-14T00:00:00Z" }),
    ].map((e) => ({ ...e, sources: e.sources.map((x) => ({ ...x, firstSeen: LAST })) }));
    const sel = { items: fresh.map((e) => ({ entry: e, others: [], tags: [], score: 1 })), candidates: [] };
    const warn = (over: Partial<FeedState>) =>
      buildCoverage({
        feeds: [{ id: "a" }],
        states: new Map([
          ["a", state("a", { lastSuccess: LAST, lastPollOldestItem: "2026-01-13T00:00:00Z", ...over })],
        ]),
        selection: sel,
        windowFrom: FROM,
      }).feeds[0]!.warning;
    // The feed's first poll: there is no poll before it to have missed anything after.
    expect(warn({ entriesSeen: 2 })).toBeNull();
    // The feed gave entries before, in an earlier poll before the window.
    expect(warn({ entriesSeen: 30 })).toBe(
      "may have missed items: its last response went back only to 2026-01-13T00:00:00Z, and the poll before it was before the window",
    );
    // The last response reached back to the start of the window: nothing of the window can be missing.
    expect(warn({ entriesSeen: 30, lastPollOldestItem: FROM })).toBeNull();
  });

  it("a feed never fetched is not healthy; a long left-out list is capped with a count of the rest", () => {
    const many: Pick<Selection, "items" | "candidates"> = {
      items: [],
      candidates: Array.from({ length: 5 }, (_, i) => ({
        entry: entry(`x${i}`, "a"),
        tags: [],
        reason: "below the cut: maxItems 0",
      })),
    };
    const c = buildCoverage({
      feeds: FEEDS,
      states: new Map(),
      selection: many,
      windowFrom: FROM,
      maxLeftOut: 3,
    });
    expect(c.feeds[0]!.health).toBe("never fetched");
    expect(c.totals.unhealthy).toBe(4);
    expect(c.leftOut).toHaveLength(3);
    expect(c.leftOutMore).toBe(2);
  });
});
