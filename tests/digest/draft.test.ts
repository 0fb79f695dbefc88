import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { writeDraft } from "../../src/pipeline.ts";
import { upsertEntries } from "../../src/store/entries.ts";
import { type Engine, forEachEngine } from "../support/engines.ts";
import { entry, makeStore, type TestEntry } from "../support/store.ts";

const CONFIG = (language: string, extra = "") => `
timezone: Asia/Shanghai
feeds:
  - { id: k8s, title: Kubernetes Blog, url: "https://kubernetes.io/feed.xml", tags: [kubernetes], priority: 1 }
  - { id: cw, title: Computer Weekly, url: "https://www.computerweekly.com/rss/Latest-IT-news.xml" }
  - { id: portainer, title: Portainer Blog, url: "https://www.portainer.io/blog/rss.xml" }
tags:
  security: [security, CVE]
  sovereign-ai: [sovereign AI, sovereign]
digests:
  - id: weekly
    title: ${language === "zh-CN" ? "云原生技术动态" : "Cloud Native Weekly"}
    language: ${language}
    window: 7d
    maxItems: 3
    summaryLength: 160
    tags: [cloud-native]
    frontMatter: { layout: post, author: ${language === "zh-CN" ? "云原生观察" : "Cloud Native Watch"}, categories: [cloud-native] }
${extra}`;

const ENTRIES: TestEntry[] = [
  {
    feedId: "k8s",
    title: "Uniform API server access using clientcmd",
    url: "https://kubernetes.io/blog/2026/01/14/clientcmd/",
    published: "2026-01-14T02:30:00Z",
    summary:
      "The kubectl exec credential plugin is now documented in depth, with its security model. Clients get short-lived tokens. A third sentence that will not fit in the summary length of this digest at all.",
  },
  {
    feedId: "cw",
    title: "Sovereign and edge AI drive return to on-premise Kubernetes",
    url: "https://www.computerweekly.com/news/366637421/Sovereign-and-edge-AI",
    published: "2026-01-13T09:15:00Z",
    summary: "Public cloud remains popular, but control of sensitive data drives Kubernetes back on-premise.",
  },
  {
    feedId: "portainer",
    title: "Sovereign and edge AI drive return to on-premise Kubernetes | Portainer",
    url: "https://www.portainer.io/blog/sovereign-edge",
    published: "2026-01-13T11:00:00Z",
    summary: "Public cloud remains popular, but control of sensitive data drives Kubernetes back on-premise.",
  },
  {
    feedId: "portainer",
    title: "Kubernetes Orchestration & Management Tools in 2026",
    url: "https://www.portainer.io/blog/kubernetes-orchestration-tools",
    published: "2026-01-12T08:00:00Z",
    summary:
      "Helm, Prometheus and GitOps tools make up the stack. The post Kubernetes Orchestration & Management Tools in 2026 appeared first on Portainer.",
  },
  {
    feedId: "cw",
    title: "Retailer signs outsourcing deal",
    url: "https://www.computerweekly.com/news/1/retailer",
    published: "2026-01-10T08:00:00Z",
  },
  {
    feedId: "k8s",
    title: "Too old",
    url: "https://kubernetes.io/blog/old/",
    published: "2026-01-08T15:59:00Z",
  },
];

const golden = (name: string) => join(import.meta.dirname, "../fixtures/golden", name);

async function draft(engine: Engine, language: string, entries = ENTRIES, extra = "", date = "2026-01-15") {
  const s = await makeStore(engine, CONFIG(language, extra), entries);
  const out = await writeDraft(s.config, s.db, s.config.digests[0]!, date, {
    now: new Date("2026-01-15T04:00:00Z"),
  });
  return { ...s, out };
}

forEachEngine("drafts", (engine) => {
  for (const lang of ["zh-CN", "en"]) {
    it(`matches the golden ${lang} draft exactly`, async () => {
      const { out } = await draft(engine, lang);
      const text = readFileSync(out.write!.path, "utf8");
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden(`draft.${lang}.md`), text);
      expect(text).toBe(readFileSync(golden(`draft.${lang}.md`), "utf8"));
    });
  }

  it("with fullText: never everywhere, a draft that may fetch full text is byte for byte the golden one", async () => {
    for (const lang of ["zh-CN", "en"]) {
      const s = await makeStore(engine, CONFIG(lang, "fetch:\n  fullText: never\n"), ENTRIES);
      const asked: string[] = [];
      const fetcher = {
        fetch: async (req: { url: string }) => {
          asked.push(req.url);
          throw new Error("no request expected");
        },
        close: async () => {},
      };
      const out = await writeDraft(s.config, s.db, s.config.digests[0]!, "2026-01-15", {
        now: new Date("2026-01-15T04:00:00Z"),
        fullText: { fetcher },
      });
      expect(asked).toEqual([]);
      expect(out.draft.fullText).toBeNull();
      expect(readFileSync(out.write!.path, "utf8")).toBe(readFileSync(golden(`draft.${lang}.md`), "utf8"));
    }
  });

  it("a failure of the full-text step itself never stops the draft: feed text, one warning", async () => {
    const s = await makeStore(engine, CONFIG("en", "fetch:\n  fullText: always\n"), ENTRIES);
    await s.db.exec("DROP TABLE articles");
    const fetcher = {
      fetch: async () => {
        throw new Error("no request expected");
      },
      close: async () => {},
    };
    const out = await writeDraft(s.config, s.db, s.config.digests[0]!, "2026-01-15", {
      now: new Date("2026-01-15T04:00:00Z"),
      fullText: { fetcher },
    });
    // Each engine words the missing table its own way.
    const problems = [...out.draft.fullText!.problems.keys()];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^full text failed: unexpected error: (no such table: articles|.*: query failed: relation "articles" does not exist)$/,
    );
    expect(readFileSync(out.write!.path, "utf8")).toBe(readFileSync(golden("draft.en.md"), "utf8"));
  });

  it("has the seed's shape: front matter keys, ## and ### structure, Source lines", async () => {
    const seedPath = join(import.meta.dirname, "../../../shared/examples/2026-01-15-cloud-native-weekly.md");
    const { out } = await draft(engine, "zh-CN");
    const ours = readFileSync(out.write!.path, "utf8");
    const shape = (md: string) => {
      const [, fm, body] = md.split(/^---$/m);
      return {
        keys: Object.keys(parseYaml(fm!) as object),
        headings: body!.match(/^#{1,2} .*$/gm)!.map((h) => h.replace(/^(#+) .*$/, "$1")),
        h2: body!.match(/^## .*$/gm),
        itemsHaveSource: body!
          .split(/^### /m)
          .slice(1)
          .every((item) => /\*\*Source:\*\* \[[^\]]+\]\(https?:\/\/[^)]+\)/.test(item)),
      };
    };
    const mine = shape(ours);
    expect(mine.itemsHaveSource).toBe(true);
    if (!existsSync(seedPath)) return; // the structural comparison needs ../shared (skipped in a user's clone)
    const seed = shape(readFileSync(seedPath, "utf8"));
    expect(mine.keys).toEqual(seed.keys);
    expect(mine.headings).toEqual(seed.headings);
    expect(mine.h2).toEqual(seed.h2);
  });

  it("merges a story reported by two feeds into one item with 'also reported by'", async () => {
    const { out } = await draft(engine, "en");
    const text = readFileSync(out.write!.path, "utf8");
    expect(text.match(/^### Sovereign/gm)).toHaveLength(1);
    expect(text).toContain(
      "**Also reported by:** [Portainer Blog](https://www.portainer.io/blog/sovereign-edge)",
    );
    expect(text).toMatch(
      /Sovereign and edge AI drive return to on-premise Kubernetes \\\| Portainer\]\(https:\/\/www\.portainer\.io\/blog\/sovereign-edge\) · portainer · 2026-01-13 · duplicate of/,
    );
  });

  it("keeps hostile titles from breaking the front matter or the Markdown", async () => {
    const hostile =
      'Evil: "quotes" # not a comment\n---\ntitle: injected [x](javascript:alert(1)) *bold* <script>|';
    const { out } = await draft(
      engine,
      "en",
      [
        {
          feedId: "k8s",
          title: hostile,
          url: "https://kubernetes.io/blog/evil/",
          published: "2026-01-14T00:00:00Z",
        },
      ],
      "",
      "2026-01-15",
    );
    const text = readFileSync(out.write!.path, "utf8");
    const [, fm, body] = text.split(/^---$/m);
    expect(text.match(/^---$/gm)).toHaveLength(2);
    const front = parseYaml(fm!) as Record<string, unknown>;
    expect(front.title).toBe("Cloud Native Weekly — 2026-01-15");
    expect(front.source).toBe("https://kubernetes.io/blog/evil/");
    expect(body).toContain(
      '### Evil: "quotes" \\# not a comment --- title: injected \\[x\\](javascript:alert(1)) \\*bold\\* \\<script\\>\\|',
    );
    expect(body).not.toMatch(/(?<!\\)\]\(javascript:/);
  });

  it("groups items under configured sections by tag", async () => {
    const { out } = await draft(
      engine,
      "zh-CN",
      ENTRIES,
      "    sections:\n      - { heading: 安全, tags: [security] }\n",
    );
    const text = readFileSync(out.write!.path, "utf8");
    expect(text.match(/^##+ .*$/gm)).toEqual([
      "## 主要新闻",
      "### Sovereign and edge AI drive return to on-premise Kubernetes",
      "### Kubernetes Orchestration & Management Tools in 2026",
      "## 安全",
      "### Uniform API server access using clientcmd",
      "## 分析",
      "## 结论",
    ]);
  });

  it("loads article text only for the chosen stories (machine summaries read it)", async () => {
    const withContent = ENTRIES.map((x) => ({ ...x, contentHtml: `<p>Full text of ${x.title}</p>` }));
    const { out } = await draft(engine, "en", withContent);
    const items = out.draft.selection.items;
    expect(items.length).toBe(3);
    for (const i of items) expect(i.entry.contentHtml).toBe(`<p>Full text of ${i.entry.title}</p>`);
  });

  it("writes nothing for an empty window", async () => {
    const { out, dir } = await draft(engine, "en", ENTRIES, "", "2025-06-01");
    expect(out.empty).toBe(true);
    expect(out.write).toBeNull();
    expect(existsSync(join(dir, "drafts"))).toBe(false);
  });
});

forEachEngine("re-runs never lose an editor's work", (engine) => {
  it("unchanged → identical; new entries → refreshed; edited → .new.md; --force → .bak.md; deleted → recreated", async () => {
    const s = await makeStore(engine, CONFIG("en"), ENTRIES.slice(0, 2));
    const digest = s.config.digests[0]!;
    const run = (force = false) =>
      writeDraft(s.config, s.db, digest, "2026-01-15", { now: new Date("2026-01-15T04:00:00Z"), force });
    const first = await run();
    const path = first.write!.path;
    expect(first.write!.outcome).toBe("created");
    const v1 = readFileSync(path, "utf8");

    expect((await run()).write!.outcome).toBe("unchanged");
    expect(readFileSync(path, "utf8")).toBe(v1);

    await upsertEntries(s.db, [entry(ENTRIES[3]!)]);
    expect((await run()).write!.outcome).toBe("updated");
    const v2 = readFileSync(path, "utf8");
    expect(v2).toContain("### Kubernetes Orchestration & Management Tools in 2026");

    const edited = v2.replace("<!-- Analysis: written by the editor. -->", "The week was about sovereignty.");
    writeFileSync(path, edited);
    await upsertEntries(s.db, [
      entry({ feedId: "k8s", title: "Kubernetes v1.35 released", published: "2026-01-15T01:00:00Z" }),
    ]);
    const kept = await run();
    expect(kept.write).toMatchObject({ outcome: "kept-edits", path: path.replace(/\.md$/, ".new.md") });
    expect(readFileSync(path, "utf8")).toBe(edited);
    // The editor's items stay; the new story is offered below them as a candidate (maxItems is 3).
    expect(readFileSync(kept.write!.path, "utf8")).toMatch(
      /Kubernetes v1\.35 released\]\([^)]+\) · k8s · 2026-01-15 · below the cut/,
    );

    const forced = await run(true);
    expect(forced.write).toMatchObject({ outcome: "forced", backup: path.replace(/\.md$/, ".bak.md") });
    expect(readFileSync(forced.write!.backup!, "utf8")).toBe(edited);
    expect(readFileSync(path, "utf8")).toContain("### Kubernetes v1.35 released");

    rmSync(path);
    expect((await run()).write!.outcome).toBe("created");
    expect(existsSync(path)).toBe(true);
  });

  it("the .new.md version keeps the editor's deletions and order, and lists new stories after them", async () => {
    const s = await makeStore(engine, CONFIG("en"), ENTRIES.slice(0, 4));
    const digest = s.config.digests[0]!;
    const run = () =>
      writeDraft(s.config, s.db, digest, "2026-01-15", { now: new Date("2026-01-15T04:00:00Z") });
    const path = (await run()).write!.path;
    const items = (t: string) => [...t.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    const original = readFileSync(path, "utf8");
    expect(items(original)).toEqual([
      "Uniform API server access using clientcmd",
      "Sovereign and edge AI drive return to on-premise Kubernetes",
      "Kubernetes Orchestration & Management Tools in 2026",
    ]);
    // The editor deletes the first item and moves the last one up.
    const blocks = original.split(/(?=<!-- feedwright:item )|(?<=<!-- \/feedwright:item -->\n)/);
    const item = (title: string) => blocks.find((b) => b.includes(`### ${title}`))!;
    const edited = original
      .replace(item("Uniform API server access using clientcmd"), "")
      .replace(item("Sovereign and edge AI drive return to on-premise Kubernetes"), "@@")
      .replace(
        item("Kubernetes Orchestration & Management Tools in 2026"),
        item("Sovereign and edge AI drive return to on-premise Kubernetes"),
      )
      .replace("@@", item("Kubernetes Orchestration & Management Tools in 2026"));
    writeFileSync(path, edited);
    expect(items(edited)).toEqual([
      "Kubernetes Orchestration & Management Tools in 2026",
      "Sovereign and edge AI drive return to on-premise Kubernetes",
    ]);
    await upsertEntries(s.db, [
      entry({ feedId: "k8s", title: "Kubernetes v1.35 released", published: "2026-01-15T01:00:00Z" }),
    ]);
    const out = await run();
    expect(out.write!.outcome).toBe("kept-edits");
    const next = readFileSync(out.write!.path, "utf8");
    expect(items(next)).toEqual([
      "Kubernetes Orchestration & Management Tools in 2026",
      "Sovereign and edge AI drive return to on-premise Kubernetes",
      "Kubernetes v1.35 released",
    ]);
    expect(next).toMatch(
      /Uniform API server access using clientcmd\]\([^)]+\) · k8s · 2026-01-14 · removed by the editor/,
    );
  });

  it("does not repeat entries used by an earlier draft of the same digest", async () => {
    const s = await makeStore(engine, CONFIG("en"), ENTRIES);
    const digest = s.config.digests[0]!;
    const now = new Date("2026-01-20T04:00:00Z");
    await writeDraft(s.config, s.db, digest, "2026-01-15", { now });
    const next = await writeDraft(s.config, s.db, digest, "2026-01-16", { now, dryRun: true });
    const titles = next.draft.view.items.map((i) => i.title);
    expect(titles).not.toContain("Uniform API server access using clientcmd");
    expect(
      next.draft.view.candidates.find((c) => c.title === "Uniform API server access using clientcmd")?.reason,
    ).toBe("already used on 2026-01-15");
    const again = await writeDraft(s.config, s.db, digest, "2026-01-15", { now, dryRun: true });
    expect(again.draft.view.items.map((i) => i.title)).toContain("Uniform API server access using clientcmd");
  });
});

forEachEngine("windows in the config's timezone", (engine) => {
  const at = (published: string, title: string): TestEntry => ({ feedId: "k8s", title, published });

  it("a 7-day window for 2026-01-15 in Asia/Shanghai is 01-09 00:00 to 01-15 24:00 local", async () => {
    const { out } = await draft(
      engine,
      "en",
      [
        at("2026-01-08T15:59:00Z", "Before start 23:59 local"),
        at("2026-01-08T16:01:00Z", "After start 00:01 local"),
        at("2026-01-15T15:59:00Z", "Before end 23:59 local"),
        at("2026-01-15T16:01:00Z", "After end 00:01 local"),
      ],
      "",
      "2026-01-15",
    );
    const titles = out.draft.view.items.map((i) => i.title).sort();
    expect(titles).toEqual(["After start 00:01 local", "Before end 23:59 local"]);
  });

  it("follows DST in Europe/London (window spanning the March change)", async () => {
    const text = CONFIG("en").replace("timezone: Asia/Shanghai", "timezone: Europe/London");
    const s = await makeStore(engine, text, [
      at("2026-03-22T23:59:00Z", "Before start (GMT)"),
      at("2026-03-23T00:01:00Z", "After start (GMT)"),
      at("2026-03-29T22:59:00Z", "Before end 23:59 BST"),
      at("2026-03-29T23:01:00Z", "After end 00:01 BST"),
    ]);
    const out = await writeDraft(s.config, s.db, s.config.digests[0]!, "2026-03-29", {
      now: new Date("2026-03-30T00:00:00Z"),
      dryRun: true,
    });
    expect(out.draft.view.items.map((i) => i.title).sort()).toEqual([
      "After start (GMT)",
      "Before end 23:59 BST",
    ]);
  });
});
