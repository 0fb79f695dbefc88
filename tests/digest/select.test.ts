import { describe, expect, it } from "vitest";
import { clusterStories } from "../../src/digest/cluster.ts";
import { type SelectFeed, type SelectOptions, selectItems } from "../../src/digest/select.ts";
import { compileTagRules } from "../../src/digest/tag.ts";
import type { Entry } from "../../src/types.ts";

const feed = (id: string, more: Partial<SelectFeed> = {}): SelectFeed => ({
  id,
  tags: [],
  priority: 0,
  aggregator: false,
  include: [],
  exclude: [],
  categoryTags: {},
  ...more,
});

let n = 0;
const e = (feedId: string, title: string, published: string, more: Partial<Entry> = {}): Entry => {
  const url = `https://${feedId}.example/${++n}`;
  return {
    id: `e${n}`,
    feedId,
    guid: url,
    url,
    link: url,
    title,
    summary: "",
    contentHtml: "",
    author: null,
    categories: [],
    published,
    publishedIsFirstSeen: false,
    firstSeen: published,
    contentHash: String(n),
    language: "en",
    sources: [{ feedId, guid: url, link: url, title, firstSeen: published }],
    ...more,
  };
};

const options = (feeds: SelectFeed[], more: Partial<SelectOptions> = {}): SelectOptions => ({
  feeds,
  tagRules: compileTagRules({ security: ["security", "CVE"], ai: ["AI"] }),
  maxItems: 10,
  usedBefore: new Map(),
  windowEnd: new Date("2026-01-16T00:00:00Z"),
  windowDays: 7,
  cluster: (list) => clusterStories(list),
  ...more,
});

const titles = (s: ReturnType<typeof selectItems>) => s.items.map((i) => i.entry.title);
const reason = (s: ReturnType<typeof selectItems>, title: string) =>
  s.candidates.find((c) => c.entry.title === title)?.reason;

describe("selection", () => {
  const entries = [
    e("a", "Kubernetes 1.35 ships in-place pod resize", "2026-01-14T10:00:00Z"),
    e("a", "Security advisory for the kubelet, CVE-2026-1234", "2026-01-13T10:00:00Z"),
    e("b", "Maintaining large clusters without downtime", "2026-01-15T10:00:00Z"),
    e("b", "Sovereign AI and the return of on-premise", "2026-01-12T10:00:00Z"),
    e("c", "Quarterly earnings of a storage vendor", "2026-01-11T10:00:00Z"),
  ];

  it("ranks by feed priority, then recency; ties are deterministic", () => {
    const s = selectItems(entries, options([feed("a", { priority: 1 }), feed("b"), feed("c")]));
    expect(titles(s)).toEqual([
      "Kubernetes 1.35 ships in-place pod resize",
      "Security advisory for the kubelet, CVE-2026-1234",
      "Maintaining large clusters without downtime",
      "Sovereign AI and the return of on-premise",
      "Quarterly earnings of a storage vendor",
    ]);
    expect(
      titles(
        selectItems([...entries].reverse(), options([feed("a", { priority: 1 }), feed("b"), feed("c")])),
      ),
    ).toEqual(titles(s));
  });

  it("tags at word boundaries: 'AI' does not match 'Maintaining'", () => {
    const s = selectItems(entries, options([feed("a", { tags: ["kubernetes"] }), feed("b"), feed("c")]));
    const tags = Object.fromEntries(s.items.map((i) => [i.entry.title, i.tags]));
    expect(tags["Maintaining large clusters without downtime"]).toEqual([]);
    expect(tags["Sovereign AI and the return of on-premise"]).toEqual(["ai"]);
    expect(tags["Security advisory for the kubelet, CVE-2026-1234"]).toEqual(["kubernetes", "security"]);
  });

  it("applies maxItems and maxPerFeed and says why the rest were cut", () => {
    const s = selectItems(
      entries,
      options([feed("a"), feed("b"), feed("c")], { maxItems: 3, maxPerFeed: 1 }),
    );
    expect(titles(s)).toEqual([
      "Maintaining large clusters without downtime",
      "Kubernetes 1.35 ships in-place pod resize",
      "Quarterly earnings of a storage vendor",
    ]);
    expect(reason(s, "Security advisory for the kubelet, CVE-2026-1234")).toBe(
      "below the cut: maxPerFeed 1 for a",
    );
  });

  it("applies per-feed include/exclude and digest filters on tags, feeds and keywords", () => {
    const feeds = [
      feed("a", { exclude: ["/earnings|advisory/i"] }),
      feed("b", { include: ["sovereign"] }),
      feed("c"),
    ];
    const s = selectItems(entries, options(feeds, { exclude: { tags: [], feeds: ["c"], keywords: [] } }));
    expect(titles(s)).toEqual([
      "Kubernetes 1.35 ships in-place pod resize",
      "Sovereign AI and the return of on-premise",
    ]);
    expect(reason(s, "Security advisory for the kubelet, CVE-2026-1234")).toBe(
      'filtered: exclude "/earnings|advisory/i" of feed a',
    );
    expect(reason(s, "Maintaining large clusters without downtime")).toBe(
      "filtered: matches no include of feed b",
    );
    expect(reason(s, "Quarterly earnings of a storage vendor")).toBe(
      "filtered: feed c in the digest's exclude.feeds",
    );
    const onlySecurity = selectItems(
      entries,
      options([feed("a"), feed("b"), feed("c")], {
        include: { tags: ["security"], feeds: [], keywords: [] },
      }),
    );
    expect(titles(onlySecurity)).toEqual(["Security advisory for the kubelet, CVE-2026-1234"]);
  });

  it("picks a story's primary by priority, then original publisher over aggregator, then earliest", () => {
    const story = "Sovereign and edge AI drive return to on-premise Kubernetes";
    const list = [
      e("agg", `${story} | Aggregator`, "2026-01-13T08:00:00Z"),
      e("cw", story, "2026-01-13T09:00:00Z"),
      e("mirror", `${story} - Mirror`, "2026-01-13T10:00:00Z"),
    ];
    const base = [feed("agg", { aggregator: true }), feed("cw"), feed("mirror")];
    const s = selectItems(list, options(base));
    expect(s.items).toHaveLength(1);
    expect(s.items[0]!.entry.feedId).toBe("cw");
    expect(s.items[0]!.others.map((o) => o.feedId)).toEqual(["agg", "mirror"]);
    const prio = selectItems(
      list,
      options([feed("agg", { aggregator: true }), feed("cw"), feed("mirror", { priority: 5 })]),
    );
    expect(prio.items[0]!.entry.feedId).toBe("mirror");
  });

  it("skips entries an earlier draft used", () => {
    const s = selectItems(
      entries,
      options([feed("a"), feed("b"), feed("c")], { usedBefore: new Map([[entries[0]!.id, "2026-01-08"]]) }),
    );
    expect(reason(s, entries[0]!.title)).toBe("already used on 2026-01-08");
  });
});
