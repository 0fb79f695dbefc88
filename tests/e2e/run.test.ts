import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli, tempConfig } from "../support/cli.ts";
import { forEachEngine, storeEnv } from "../support/engines.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/feeds", name));
const rss = (name: string) => () =>
  new HttpResponse(fixture(name), { headers: { "content-type": "application/rss+xml; charset=utf-8" } });

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/k8s.xml", rss("kubernetes.xml")),
    http.get("*/cw.xml", rss("computerweekly.xml")),
    http.get("*/gone.xml", () => new HttpResponse("nope", { status: 404 })),
  ]);
});
afterAll(() => server.close());

const config = (base: string, extraFeeds = "") => `
timezone: Asia/Shanghai
feeds:
  - id: kubernetes-blog
    title: Kubernetes Blog
    url: ${base}/k8s.xml
    tags: [kubernetes]
  - id: computerweekly
    title: Computer Weekly
    url: ${base}/cw.xml
    include: [kubernetes]
${extraFeeds}
tags:
  security: [security, CVE]
digests:
  - id: cloud-native-weekly
    title: 云原生技术动态
    language: zh-CN
    output: drafts/{date}-cloud-native-weekly.md
    window: 7d
    maxItems: 20
    tags: [cloud-native]
    frontMatter: { layout: post, author: 云原生观察, categories: [cloud-native] }
`;

const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00+08:00" };

forEachEngine("feedwright run end to end", (engine) => {
  it("fetches, stores and writes a seed-shaped draft; a bad feed does not stop the others", async () => {
    const store = await storeEnv(engine);
    const { dir, config: path } = tempConfig(
      config(server.url, `  - id: broken\n    url: ${server.url}/gone.xml\n`),
    );
    const r = await runCli(["run", "--config", path], { env: { ...NOW, ...store } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubernetes-blog\s+ok\s+200\s+3\b/m);
    expect(r.stdout).toMatch(/^computerweekly\s+ok\s+200\s+2\b/m);
    expect(r.stdout).toMatch(/^broken\s+FAILED\s+404\s+0\s+HTTP 404/m);
    const draftPath = join(dir, "drafts/2026-01-15-cloud-native-weekly.md");
    expect(r.stdout.trim().split("\n").at(-1)).toBe(draftPath);
    expect(existsSync(join(dir, ".feedwright/state.db"))).toBe(engine === "sqlite");

    const text = readFileSync(draftPath, "utf8");
    const [, fm, body] = text.split(/^---$/m);
    const front = parseYaml(fm!) as Record<string, unknown>;
    expect(Object.keys(front)).toEqual(["layout", "title", "date", "author", "source", "categories", "tags"]);
    expect(front).toMatchObject({
      layout: "post",
      title: "云原生技术动态（2026-01-15）",
      date: "2026-01-15",
      author: "云原生观察",
      source: "https://kubernetes.io/blog/2026/01/14/uniform-api-server-access-clientcmd/",
      categories: ["cloud-native"],
    });
    expect(front.tags).toEqual(["kubernetes", "security", "cloud-native"]);
    expect(body).toContain("# 云原生技术动态（2026-01-15）");
    const headings = body!.match(/^##+ .*$/gm);
    expect(headings).toEqual([
      "## 主要新闻",
      "### Uniform API server access using clientcmd",
      "### Sovereign and edge AI drive return to on-premise Kubernetes",
      "### Kubernetes v1.35: Timbernetes",
      "## 分析",
      "## 结论",
    ]);
    // Canonical links: the utm_* parameters of the release post are gone.
    expect(body).toContain(
      "**Source:** [Kubernetes v1.35: Timbernetes](https://kubernetes.io/blog/2026/01/12/kubernetes-v1-35-release/)",
    );
    expect(body).not.toContain("utm_source");
    // Outside the window, and filtered by the feed's include rule: not items, but listed as candidates.
    expect(body).not.toContain("### An old post");
    expect(body).toMatch(
      /feedwright:candidates[\s\S]*Retailer signs five-year outsourcing deal[\s\S]*filtered/,
    );
  });

  it("re-running the same date gives byte-identical output and reports not modified nowhere else", async () => {
    const store = await storeEnv(engine);
    const { dir, config: path } = tempConfig(config(server.url));
    const first = await runCli(["run", "--config", path], { env: { ...NOW, ...store } });
    expect(first.code).toBe(0);
    const draftPath = join(dir, "drafts/2026-01-15-cloud-native-weekly.md");
    const before = readFileSync(draftPath);
    const second = await runCli(["run", "--config", path], { env: { ...NOW, ...store } });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^kubernetes-blog\s+ok\s+200\s+0\b/m);
    expect(readFileSync(draftPath).equals(before)).toBe(true);
  });

  it("exits 1 without writing a draft when every feed fails", async () => {
    const store = await storeEnv(engine);
    const { dir, config: path } = tempConfig(config("http://127.0.0.1:9"));
    const r = await runCli(["run", "--config", path], { env: { ...NOW, ...store } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^kubernetes-blog\s+FAILED\s+-\s+0\s+network error/m);
    expect(r.stderr).toContain("no entries in the window 2026-01-09..2026-01-15: no draft written");
    expect(existsSync(join(dir, "drafts")) ? readdirSync(join(dir, "drafts")) : []).toEqual([]);
  });

  it("draft --dry-run prints the draft and writes nothing", async () => {
    const store = await storeEnv(engine);
    const { dir, config: path } = tempConfig(config(server.url));
    expect((await runCli(["fetch", "--config", path], { env: { ...NOW, ...store } })).code).toBe(0);
    const r = await runCli(["draft", "--config", path, "--date", "2026-01-15", "--dry-run"], {
      env: { ...NOW, ...store },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^---\nlayout: post\ntitle: "云原生技术动态（2026-01-15）"/);
    expect(existsSync(join(dir, "drafts"))).toBe(false);
  });
});
