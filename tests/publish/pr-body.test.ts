import { describe, expect, it } from "vitest";
import { loadTemplate } from "../../src/digest/render.ts";
import { buildCoverage } from "../../src/publish/coverage.ts";
import { frontMatterTitle, PR_TEMPLATE, type PrBodyView } from "../../src/publish/pr-body.ts";
import type { Entry, FeedState } from "../../src/types.ts";
import { forEachEngine } from "../support/engines.ts";

function entry(id: string, feedId: string, title: string, over: Partial<Entry> = {}): Entry {
  return {
    id,
    feedId,
    guid: id,
    url: `https://example.com/${id}`,
    link: null,
    title,
    summary: "",
    contentHtml: "",
    author: null,
    categories: [],
    published: "2026-01-12T08:00:00Z",
    publishedIsFirstSeen: false,
    firstSeen: "2026-01-14T06:00:00Z",
    contentHash: id,
    language: "en",
    sources: [{ feedId, guid: id, link: null, title: null, firstSeen: "2026-01-14T06:00:00Z" }],
    ...over,
  };
}

const failing: FeedState = {
  feedId: "b",
  url: "https://b.example/feed",
  configuredUrl: "https://b.example/feed",
  etag: null,
  lastModified: null,
  lastAttempt: "2026-01-14T06:00:00Z",
  lastSuccess: "2026-01-10T06:00:00Z",
  lastStatus: "503",
  lastError: "HTTP 503",
  consecutiveFailures: 2,
  nextPoll: null,
  gone: false,
  entriesSeen: 3,
  lastPollOldestItem: null,
};

function render(summaries: PrBodyView["summaries"] = null): string {
  const main = entry("a1", "a", "Kubernetes 1.40 | released");
  const dup = entry("b1", "b", "K8s 1.40 is out");
  const coverage = buildCoverage({
    feeds: [
      { id: "a", title: "Alpha <Blog>" },
      { id: "b", title: "Beta" },
    ],
    states: new Map([
      [
        "a",
        {
          ...failing,
          feedId: "a",
          consecutiveFailures: 0,
          lastError: null,
          lastSuccess: "2026-01-14T06:00:00Z",
        },
      ],
      ["b", failing],
    ]),
    selection: {
      items: [{ entry: main, others: [dup], tags: [], score: 1 }],
      candidates: [
        { entry: dup, tags: [], reason: 'duplicate of "Kubernetes 1.40 | released"' },
        {
          entry: entry("a2", "a", "Sponsored *deal*", {
            url: "javascript:alert(1)",
            publishedIsFirstSeen: true,
          }),
          tags: [],
          reason: 'filtered: exclude "sponsored" of feed a',
        },
        { entry: entry("a3", "a", "Minor note"), tags: [], reason: "below the cut: maxItems 1" },
      ],
    },
    windowFrom: "2026-01-09T00:00:00Z",
    maxLeftOut: 1,
  });
  const template = loadTemplate<PrBodyView>(PR_TEMPLATE, "UTC", "en");
  return template.render({
    digest: { id: "weekly", title: "Cloud *Native* Weekly" },
    draftDate: "2026-01-15",
    path: "drafts/2026-01-15-weekly.md",
    branch: "digest/weekly/2026-01-15",
    commit: "abc1234",
    window: { from: "2026-01-09", to: "2026-01-15", days: 7 },
    coverage,
    summaries,
  });
}

describe("the pull request description", () => {
  const body = render();
  const lines = body.split("\n");

  it("opens with the draft, its date and window, and the totals; unhealthy feeds stand out", async () => {
    expect(lines[0]).toBe(
      "Draft of **Cloud \\*Native\\* Weekly** for 2026-01-15: `drafts/2026-01-15-weekly.md` — items published 2026-01-09 to 2026-01-15 (7 days).",
    );
    expect(body).toContain(
      "Feeds: 2 · items in the window: 4 · stories in the draft: 1 · merged from several sources: 1 · left out: 2 · **feeds not healthy: 1**",
    );
    expect(body).toContain("| Alpha \\<Blog\\> | ok | 3 | 1 |  |");
    expect(body).toContain(
      "| Beta | **failing since its last success on 2026-01-10 (2× in a row): HTTP 503** | 1 | 1 |  |",
    );
  });

  it("lists merged stories with their sources, and what was left out with the reason, escaped and capped", async () => {
    expect(body).toContain(
      "- [Kubernetes 1.40 \\| released](https://example.com/a1) — 2 entries from Alpha \\<Blog\\>, Beta",
    );
    // Only http(s) links are kept; titles cannot break the table.
    expect(body).toContain(
      '| [Sponsored \\*deal\\*]() | Alpha \\<Blog\\> | filtered: exclude "sponsored" of feed a |',
    );
    expect(body).not.toContain("Minor note");
    expect(body).toContain("…and 1 more, listed in the comment at the end of the draft.");
    expect(body).toContain(
      "- Alpha \\<Blog\\>: 1 without a date (the time feedwright first saw them is used)",
    );
    expect(lines.at(-2)).toBe(
      "<sub>Written by feedwright for commit abc1234 on `digest/weekly/2026-01-15`; it rewrites this description each time it updates the branch.</sub>",
    );
  });
});

describe("feed and model text in the pull request description", () => {
  it("is inert: no Liquid or shortcode can start, no bidi control is kept, no comment can end", () => {
    const hostile = "{{ site.secret }} {% raw %} {{< param secret >}} \u202Eevil\u2066 --> end";
    const main = entry("a1", "a", hostile, { url: "https://example.com/a?q={{site.secret}}" });
    const coverage = buildCoverage({
      feeds: [{ id: "a", title: `Feed ${hostile}` }],
      states: new Map(),
      selection: {
        items: [{ entry: main, others: [entry("b1", "a", `${hostile} again`)], tags: [], score: 1 }],
        candidates: [{ entry: entry("a2", "a", hostile), tags: [], reason: `duplicate of "${hostile}"` }],
      },
      windowFrom: "2026-01-09T00:00:00Z",
    });
    const body = loadTemplate<PrBodyView>(PR_TEMPLATE, "UTC", "en").render({
      digest: { id: "weekly", title: `Weekly ${hostile}` },
      draftDate: "2026-01-15",
      path: "drafts/2026-01-15-weekly.md",
      branch: "digest/weekly/2026-01-15",
      commit: "abc1234",
      window: { from: "2026-01-09", to: "2026-01-15", days: 7 },
      coverage,
      summaries: {
        models: hostile,
        totals: {
          items: 1,
          summarized: 0,
          cacheHits: 0,
          calls: 1,
          promptTokens: 1,
          completionTokens: 1,
          rejected: 1,
        },
        items: [
          {
            title: hostile,
            link: "",
            status: "rejected",
            cacheHit: false,
            calls: 1,
            tokens: 2,
            reason: hostile,
          },
        ],
      },
    });
    expect(body).toContain("&#123;&#123; site.secret &#125;&#125; &#123;% raw %&#125;");
    expect(body).toContain("(https://example.com/a?q=%7B%7Bsite.secret%7D%7D)");
    expect(body).not.toMatch(/[{}\u202a-\u202e\u2066-\u2069]|--!?>/);
  });
});

describe("frontMatterTitle", () => {
  it("reads the title however YAML quotes it, and null without one", async () => {
    expect(frontMatterTitle('---\nlayout: post\ntitle: "云原生技术动态（2026-01-15）"\n---\n# x\n')).toBe(
      "云原生技术动态（2026-01-15）",
    );
    expect(frontMatterTitle('---\ntitle: "A \\"quoted\\" word"\n---\n')).toBe('A "quoted" word');
    expect(frontMatterTitle("---\ntitle: 'It''s here'\n---\n")).toBe("It's here");
    expect(frontMatterTitle("---\ntitle: Plain title\n---\n")).toBe("Plain title");
    expect(frontMatterTitle("# no front matter\ntitle: not this\n")).toBeNull();
    // It becomes the pull request's title: no bidi control (an old draft, or an editor's paste).
    expect(frontMatterTitle('---\ntitle: "Weekly \u202Eevil\u202C\u2066x\u2069"\n---\n')).toBe(
      "Weekly evilx",
    );
  });
});

describe("machine summaries in the pull request description", () => {
  it("has no section when the digest does not use a model", async () => {
    expect(render()).not.toContain("### Machine summaries");
  });

  it("reports per item how its text was written, with totals", async () => {
    const body = render({
      models: "qwen2.5:7b-instruct",
      totals: {
        items: 2,
        summarized: 1,
        cacheHits: 1,
        calls: 3,
        promptTokens: 900,
        completionTokens: 120,
        rejected: 1,
      },
      items: [
        {
          title: "Uniform API server access",
          link: "https://kubernetes.io/blog/x/",
          status: "summarized",
          cacheHit: true,
          calls: 0,
          tokens: 0,
          reason: "",
        },
        {
          title: "Kubernetes v1.35 | release",
          link: "https://kubernetes.io/blog/y/",
          status: "rejected",
          cacheHit: false,
          calls: 2,
          tokens: 700,
          reason: '"v1.99" not in source',
        },
        {
          title: "(intro, subtitle and themes)",
          link: "",
          status: "summarized",
          cacheHit: false,
          calls: 1,
          tokens: 320,
          reason: "",
        },
      ],
    });
    expect(body).toContain(
      "Model: qwen2.5:7b-instruct · 1 of 2 items machine-written · cache hits: 1 · calls: 3 · tokens: 900 prompt + 120 completion · **rejected by the checks: 1**",
    );
    expect(body).toContain(
      "| [Uniform API server access](https://kubernetes.io/blog/x/) | summarized | hit | 0 | 0 |  |",
    );
    expect(body).toContain(
      '| [Kubernetes v1.35 \\| release](https://kubernetes.io/blog/y/) | rejected | miss | 2 | 700 | "v1.99" not in source |',
    );
    expect(body).toContain("| (intro, subtitle and themes) | summarized | miss | 1 | 320 |  |");
  });
});

forEachEngine("prBody reads the summarizer's accounting from the store", (engine) => {
  it("titles each recorded item from the draft's selection", async () => {
    const { makeStore } = await import("../support/store.ts");
    const { recordSummaryUses } = await import("../../src/store/summaries.ts");
    const { prBody } = await import("../../src/publish/pr-body.ts");
    const s = await makeStore(
      engine,
      'feeds:\n  - { id: k8s, title: Kubernetes Blog, url: "https://kubernetes.io/feed.xml" }\ndigests:\n  - { id: weekly, title: Weekly }\n',
      [
        {
          feedId: "k8s",
          title: "Uniform API server access",
          url: "https://kubernetes.io/blog/x/",
          published: "2026-01-14T00:00:00Z",
        },
      ],
    );
    const { entriesBetween } = await import("../../src/store/entries.ts");
    const [e] = await entriesBetween(s.db, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    await recordSummaryUses(s.db, "weekly", "2026-01-15", [
      {
        entryId: e!.id,
        status: "summarized",
        cacheHit: false,
        calls: 1,
        promptTokens: 500,
        completionTokens: 80,
        model: "m1",
        reason: null,
      },
    ]);
    const render = await prBody(
      s.config,
      s.db,
      s.config.digests[0]!,
      "2026-01-15",
      "digest/weekly/2026-01-15",
    );
    const body = render("abc", "drafts/x.md");
    expect(body).toContain(
      "Model: m1 · 1 of 1 items machine-written · cache hits: 0 · calls: 1 · tokens: 500 prompt + 80 completion",
    );
    expect(body).toContain(
      "| [Uniform API server access](https://kubernetes.io/blog/x/) | summarized | miss | 1 | 580 |  |",
    );
  });
});

describe("mentions and issue references from feeds in the pull request", () => {
  // GitHub matches the rendered text: `@org/team` notifies a team, `#12` links (and "fixes #12" closes) an issue.
  const HOSTILE = "Fixes #12 for @acme/core, see owner/repo#3 and GH-4";
  const WJ = "\u2060";
  /** What GitHub would act on outside link targets: a mention, or an issue reference. */
  const acted = (text: string) =>
    text
      .replace(/\]\([^)]*\)/g, "]()")
      .replace(/&#\d+;/g, "")
      .match(/(?<![A-Za-z0-9_])@[A-Za-z0-9]|#\d|\bGH-\d/gi);

  it("defuses them in the description, leaving links and e-mail addresses readable", async () => {
    const { makeStore } = await import("../support/store.ts");
    const { prBody } = await import("../../src/publish/pr-body.ts");
    const s = await makeStore(
      "sqlite",
      `feeds:\n  - { id: m, title: "Team @acme/core #1", url: "https://mastodon.social/@acme.rss" }\ndigests:\n  - { id: weekly, title: "Weekly #7", maxItems: 1 }\n`,
      [
        {
          feedId: "m",
          title: `${HOSTILE} (a)`,
          url: "https://mastodon.social/@acme/1",
          published: "2026-01-14T00:00:00Z",
        },
        {
          feedId: "m",
          title: `${HOSTILE} mail bob@example.org`,
          url: "https://mastodon.social/@acme/2#3",
          published: "2026-01-13T00:00:00Z",
        },
      ],
    );
    const render = await prBody(
      s.config,
      s.db,
      s.config.digests[0]!,
      "2026-01-15",
      "digest/weekly/2026-01-15",
    );
    const body = render("abc", "drafts/x.md");
    expect(acted(body)).toBeNull();
    expect(body).toContain(`| Team @${WJ}acme/core \\#${WJ}1 |`);
    expect(body).toContain("](https://mastodon.social/@acme/2#3)");
    expect(body).toContain(
      `Fixes \\#${WJ}12 for @${WJ}acme/core, see owner/repo\\#${WJ}3 and GH-${WJ}4 mail bob&#64;example.org`,
    );
    expect(body).toContain(`Draft of **Weekly \\#${WJ}7**`);
  });

  it("defuses them in the title, which is also the commit subject", () => {
    expect(frontMatterTitle(`---\ntitle: "Weekly: ${HOSTILE}"\n---\n`)).toBe(
      `Weekly: Fixes #${WJ}12 for @${WJ}acme/core, see owner/repo#${WJ}3 and GH-${WJ}4`,
    );
    expect(frontMatterTitle("---\ntitle: Ask bob@example.org\n---\n")).toBe("Ask bob@example.org");
  });
});

describe("a pull request description within GitHub's limit", () => {
  it("cuts huge feed titles and gives way in the left-out list, so a hostile feed cannot stop publishing", async () => {
    const { makeStore } = await import("../support/store.ts");
    const { prBody } = await import("../../src/publish/pr-body.ts");
    const { MAX_DESCRIPTION } = await import("../../src/publish/inert-text.ts");
    const long = "Long ".repeat(20_000);
    const entries = Array.from({ length: 90 }, (_, i) => ({
      feedId: "h",
      title: `${i} ${long}`,
      url: `https://h.example/${i}?t=${"x".repeat(1500)}`,
      published: `2026-01-14T${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`,
    }));
    const s = await makeStore(
      "sqlite",
      `feeds:\n  - { id: h, title: "${"Feed ".repeat(20_000)}", url: "https://h.example/feed" }\ndigests:\n  - { id: weekly, title: Weekly, maxItems: 1 }\n`,
      entries,
    );
    const render = await prBody(s.config, s.db, s.config.digests[0]!, "2026-01-15", "b");
    const body = render("abc", "drafts/x.md");
    expect(body.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    // Titles are cut, not dropped; links are whole; the rest of the list is counted, not lost.
    expect(body).toMatch(/\| \[\d+ (Long ){50,}Long…\]\(https:\/\/h\.example\/\d+\?t=x{1500}\) \|/);
    const shown = body.match(/^\| \[\d+ Long/gm)!.length;
    expect(shown).toBeGreaterThan(0);
    expect(body).toContain(`…and ${89 - shown} more, listed in the comment at the end of the draft.`);
    expect(body).toMatch(/<sub>Written by feedwright for commit abc/);
  });
});
