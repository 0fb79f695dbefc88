/** `feedwright draft` fetching the full text of teaser items, against a real article server and a fake model. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { prBody } from "../../src/publish/pr-body.ts";
import { openStore } from "../../src/store/db.ts";
import { articleOf, type FakeModel, startFakeModel, titleOf } from "../llm/fake-model.ts";
import { articlePage, cookieWall, page, paragraphs } from "../support/article-pages.ts";
import { type ArticleServer, html, startArticleServer } from "../support/article-server.ts";
import { runCli, tempConfig } from "../support/cli.ts";

const link = (base: string, slug: string) => (slug.startsWith("http") ? slug : `${base}/articles/${slug}`);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An RSS feed of teasers: [slug, title, teaser] linking to `base`/articles/slug (or to the slug when it is a URL). */
function teaserFeed(base: string, items: [string, string, string][]): string {
  const xml = items
    .map(
      ([slug, title, teaser], i) =>
        `<item><title>${esc(title)}</title><link>${link(base, slug)}</link><guid>${link(base, slug)}</guid>` +
        `<pubDate>Wed, 14 Jan 2026 ${String(10 + i).padStart(2, "0")}:00:00 +0000</pubDate><description>${esc(teaser)}</description></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>${base}/</link><description>d</description>${xml}</channel></rss>`;
}

const rssRoute = (body: string) => html(body, { "content-type": "application/rss+xml" });

let server: ArticleServer | undefined;
let model: FakeModel | undefined;
afterEach(async () => {
  await server?.close();
  await model?.close();
  server = undefined;
  model = undefined;
});

const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };
const items = (text: string) => text.split("<!-- feedwright:item ").slice(1);
const itemOf = (text: string, title: string) => items(text).find((i) => i.includes(`### ${title}`)) ?? "";

const K8S_LEAD = "Kubernetes 1.35 resizes pods in place, without restarting their containers.";
const GBK_LEAD = "阿里云发布新一代容器服务，集群规模扩大到十万节点。";
const W1252_LEAD = "The café’s “naïve” scheduler – now retired – ran every job twice.";

function gbkPage(): Buffer {
  const zh = Array.from(
    { length: 12 },
    (_, i) =>
      `<p>第${i + 1}段介绍了容器服务的一个新功能，工程师说明了设计的原因、测量的结果以及下一步的计划，读者可以从中了解细节。</p>`,
  ).join("");
  return iconv.encode(
    page("容器服务", `<article><h1>容器服务</h1><p>${GBK_LEAD}</p>${zh}</article>`, `<meta charset="gbk">`),
    "gbk",
  );
}

async function start(): Promise<{
  dir: string;
  config: string;
  cli: (a: string[], env?: Record<string, string>) => ReturnType<typeof runCli>;
}> {
  server = await startArticleServer();
  const base = server.url;
  const picky = page(
    "Picky",
    `<article><h1>Main column</h1>${paragraphs("the wrong part")}</article><div class="story-body"><p>The story body opens with the selected part.</p>${paragraphs("the selected part", 4)}<div class="promo"><p>A box about garden tools sits inside the story body, and the remove rule drops it.</p></div></div>`,
  );
  const lazy = page(
    "Lazy",
    `<article><h1>Lazy</h1><p>Charts load late on this page.</p><figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/chart.png" alt="chart"></figure>${paragraphs("lazy images")}</article>`,
  );
  const routes = {
    "/robots.txt": (_req: unknown, res: import("node:http").ServerResponse) =>
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end("User-agent: *\nDisallow: /articles/private\n"),
    "/feed.xml": rssRoute(
      teaserFeed(base, [
        ["k8s", "Kubernetes 1.35 ships", "Kubernetes 1.35 is out. Read more"],
        ["gbk", "容器服务", "阿里云发布新一代容器服务…"],
        ["w1252", "Scheduler retired", "An old scheduler is retired [...]"],
        ["lazy", "Lazy charts", "Charts that load late."],
        ["forbidden", "Forbidden story", "A story behind a 403."],
        ["slow", "Slow story", "A story on a slow server."],
        ["cookies", "Cookie story", "A story behind a cookie wall."],
        ["private", "Private story", "A story robots.txt forbids."],
      ]),
    ),
    "/picky.xml": rssRoute(teaserFeed(base, [["picky", "Picky story", "A teaser of the picky story."]])),
    "/articles/k8s": html(articlePage("Kubernetes 1.35 ships", K8S_LEAD, "Kubernetes"), { etag: '"k8s-v1"' }),
    "/articles/gbk": html(gbkPage(), { "content-type": "text/html" }),
    "/articles/w1252": html(
      iconv.encode(articlePage("Scheduler retired", W1252_LEAD, "the scheduler"), "windows-1252"),
      {
        "content-type": "text/html; charset=windows-1252",
      },
    ),
    "/articles/lazy": html(lazy),
    "/articles/picky": html(picky),
    "/articles/forbidden": (_req: unknown, res: import("node:http").ServerResponse) =>
      res.writeHead(403, { "content-type": "text/html" }).end("<h1>Forbidden</h1>"),
    "/articles/slow": () => {}, // never answers
    "/articles/cookies": html(cookieWall()),
    "/articles/private": html(articlePage("Private story", "Robots must not read this.")),
  };
  for (const [path, r] of Object.entries(routes)) server.route(path, r);
  model = await startFakeModel();
  const { dir, config } = tempConfig(`
fetch:
  retries: 0
  timeout: 1500ms
feeds:
  - { id: news, title: News, url: "${base}/feed.xml" }
  - id: picky
    title: Picky
    url: "${base}/picky.xml"
    fullTextSelector: ".story-body"
    fullTextRemove: [".promo"]
    summaries: feed
llm:
  baseUrl: ${model.baseUrl}
  model: test-model
digests:
  - { id: weekly, title: Weekly, language: zh-CN, summaries: llm, summaryLength: 120 }
`);
  const cli = (args: string[], env: Record<string, string> = NOW) =>
    runCli([...args, "--config", config], { env });
  const f = await cli(["fetch"]);
  expect(f.code).toBe(0);
  return { dir, config, cli };
}

describe("draft with full text", () => {
  it("fetches teasers' articles once, summarizes them, says where each text came from, and re-drafts without a request", async () => {
    const x = await start();
    const r = await x.cli(["draft"]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(x.dir, "drafts/2026-01-15-weekly.md"), "utf8");

    // The model is sent the article, not the teaser, and grounding accepts what it wrote from it.
    const k8s = model!.chats.find((c) => titleOf(c) === "Kubernetes 1.35 ships")!;
    expect(articleOf(k8s)).toContain(K8S_LEAD);
    expect(articleOf(k8s)).toContain("Paragraph 6 about Kubernetes");
    expect(articleOf(k8s)).not.toContain("Read more");
    expect(itemOf(text, "Kubernetes相关新闻速览")).toContain(
      "<!-- feedwright: text: full text, extracted -->",
    );
    // Charsets: GBK named only by <meta>, windows-1252 by the header.
    expect(articleOf(model!.chats.find((c) => titleOf(c) === "容器服务")!)).toContain(GBK_LEAD);
    expect(articleOf(model!.chats.find((c) => titleOf(c) === "Scheduler retired")!)).toContain(W1252_LEAD);

    // Without a model (summaries: feed), a teaser's summary is cut from the article's lead; the rules applied.
    const picky = itemOf(text, "Picky story");
    expect(picky).toContain("The story body opens with the selected part.");
    expect(picky).not.toContain("A teaser of the picky story");
    expect(picky).toContain("text: full text, extracted");

    // Failures and refusals keep the teaser and say why.
    const forbidden = items(text).find((i) => i.includes("forbidden"))!;
    expect(forbidden).toContain("<!-- feedwright: text: full text failed: 403 -->");
    expect(items(text).find((i) => i.includes("/articles/slow"))).toContain(
      "text: full text failed: timeout",
    );
    const cookies = items(text).find((i) => i.includes("/articles/cookies"))!;
    expect(cookies).toContain("text: full text refused: cookie wall");
    expect(model!.chats.find((c) => titleOf(c) === "Cookie story")!.messages[1]!.content).toContain(
      "A story behind a cookie wall.",
    );
    expect(items(text).find((i) => i.includes("/articles/private"))).toContain(
      "text: full text failed: disallowed by robots.txt",
    );
    expect(server!.hits("/articles/private")).toHaveLength(0);
    expect(server!.hits("/robots.txt")).toHaveLength(1); // once per host per run

    // Every page asked for text/html; failures are reported once per cause.
    for (const q of server!.hits("/articles/")) expect(q.headers.accept).toMatch(/^text\/html/);
    expect(r.stderr).toMatch(
      /warning: weekly 2026-01-15: full text failed: 403: feed text used for 1 item \(e\.g\. http/,
    );
    expect(r.stderr.match(/full text failed: timeout/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      "weekly 2026-01-15: full text: 5 of 9 items from their article, 8 pages requested",
    );

    // Lazy images were resolved in what was stored.
    const db = new DatabaseSync(join(x.dir, ".feedwright/state.db"));
    const row = db.prepare("SELECT extracted FROM articles WHERE url LIKE '%/articles/lazy'").get() as {
      extracted: string;
    };
    // The selector rule picked its part of the page, and the remove rule dropped the promo inside it.
    const picked = db.prepare("SELECT extracted FROM articles WHERE url LIKE '%/articles/picky'").get() as {
      extracted: string;
    };
    db.close();
    expect(JSON.parse(row.extracted).html).toContain(`src="${server!.url}/img/chart.png"`);
    const pickedText = JSON.parse(picked.extracted).text as string;
    expect(pickedText).toContain("Paragraph 4 about the selected part");
    expect(pickedText).not.toContain("the wrong part");
    expect(pickedText).not.toContain("garden tools");

    // The PR's coverage report lists each item's text source with the reason.
    const config = loadConfig(x.config);
    const store = await openStore(config.store);
    const body = (await prBody(config, store, config.digests[0]!, "2026-01-15", "digest/weekly/2026-01-15"))(
      "abc123",
      "drafts/x.md",
    );
    await store.close();
    expect(body).toContain("### Text sources");
    expect(body).toMatch(/\| \[Forbidden story\]\([^)]*\) \| full text failed: 403 \| HTTP 403 Forbidden \|/);
    expect(body).toMatch(
      /\| \[Picky story\]\([^)]*\) \| full text, extracted \| teaser: \d+ characters, under 500; \d+ characters by selector: \.story-body \|/,
    );

    // A re-draft requests nothing and writes the same bytes.
    const before = server!.requests.length;
    const calls = model!.chats.length;
    const again = await x.cli(["draft"]);
    expect(again.code).toBe(0);
    expect(server!.requests.length).toBe(before);
    expect(model!.chats.length).toBe(calls); // the summaries of the articles are cached too
    expect(readFileSync(join(x.dir, "drafts/2026-01-15-weekly.md"), "utf8")).toBe(text);

    // An hour later, only the page that timed out is asked again (a 403 or robots.txt waits for --refresh-full-text).
    const mark = server!.requests.length;
    expect((await x.cli(["draft"], { FEEDWRIGHT_NOW: "2026-01-15T11:30:00Z" })).code).toBe(0);
    expect(server!.requests.slice(mark).map((q) => q.path)).toEqual(["/robots.txt", "/articles/slow"]);

    // --refresh-full-text asks again, conditionally.
    const refreshed = await x.cli(["draft", "--refresh-full-text"]);
    expect(refreshed.code).toBe(0);
    const k8sAgain = server!.hits("/articles/k8s").slice(1);
    expect(k8sAgain).toHaveLength(1);
    expect(k8sAgain[0]!.headers["if-none-match"]).toBe('"k8s-v1"');
    expect(readFileSync(join(x.dir, "drafts/2026-01-15-weekly.md"), "utf8")).toContain(
      "text: full text, extracted",
    );
  }, 60_000);

  it("refuses a redirect to a private address with blockPrivateNetworks, keeping the teaser", async () => {
    server = await startArticleServer();
    const base = "http://news.test"; // reached through the test server acting as the HTTP proxy
    server.route(
      "/feed.xml",
      rssRoute(
        teaserFeed(base, [
          ["ok", "A public story", "A public story. Read more"],
          ["hop", "A redirected story", "A story that redirects inward. Read more"],
          ["http://other.test/articles/away", "Elsewhere", "A story elsewhere."],
        ]),
      ),
    );
    server.route("/articles/away", html(articlePage("Elsewhere", "The other site's page.")));
    server.route("/robots.txt", (_req, res) => res.writeHead(404).end());
    server.route(
      "/articles/ok",
      html(articlePage("A public story", "The public page is read through the proxy.")),
    );
    server.route("/articles/hop", (_req, res) =>
      res.writeHead(302, { location: `${server!.url}/articles/ok?inside` }).end(),
    );
    const { dir, config } = tempConfig(`
fetch: { retries: 0, blockPrivateNetworks: true }
feeds:
  - { id: news, title: News, url: "${base}/feed.xml", headers: { x-token: s3cret } }
digests:
  - { id: weekly, title: Weekly }
`);
    const cli = (args: string[]) =>
      runCli([...args, "--config", config], { env: { ...NOW, HTTP_PROXY: server!.url } });
    expect((await cli(["fetch"])).code).toBe(0);
    const r = await cli(["draft"]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "drafts/2026-01-15-weekly.md"), "utf8");
    const hop = items(text).find((i) => i.includes("/articles/hop"))!;
    expect(hop).toContain("<!-- feedwright: text: full text failed: private address blocked -->");
    expect(hop).toContain("A story that redirects inward.");
    expect(items(text).find((i) => i.includes("/articles/ok"))).toContain(
      "The public page is read through the proxy.",
    );
    // The private target was never asked.
    expect(server!.requests.filter((q) => q.host.startsWith("127.0.0.1"))).toHaveLength(0);
    expect(r.stderr).toContain("full text failed: private address blocked: feed text used for 1 item");
    // The feed's headers go to the feed's own origin only.
    const ok = server!.requests.filter((q) => q.path === "/articles/ok");
    const away = server!.requests.filter((q) => q.path === "/articles/away");
    expect(ok.map((q) => [q.host, q.headers["x-token"]])).toEqual([["news.test", "s3cret"]]);
    expect(away.map((q) => [q.host, q.headers["x-token"]])).toEqual([["other.test", undefined]]);
    expect(items(text).find((i) => i.includes("/articles/away"))).toContain("The other site's page.");
  }, 30_000);

  it("fullText: always fetches a full feed text's article but keeps its summary; fetch.robots: false skips robots.txt", async () => {
    server = await startArticleServer();
    const full = `${"The feed already carries the whole story in its own words. ".repeat(10)}That is all.`;
    server.route("/feed.xml", rssRoute(teaserFeed(server.url, [["kept", "Whole story", full]])));
    server.route("/robots.txt", (_req, res) => res.writeHead(200).end("User-agent: *\nDisallow: /\n"));
    server.route("/articles/kept", html(articlePage("Whole story", "The page tells it at greater length.")));
    const { dir, config } = tempConfig(`
fetch: { retries: 0, robots: false }
feeds:
  - { id: news, title: News, url: "${server.url}/feed.xml", fullText: always }
digests:
  - { id: weekly, title: Weekly, summaryLength: 80 }
`);
    const cli = (args: string[]) => runCli([...args, "--config", config], { env: NOW });
    expect((await cli(["fetch"])).code).toBe(0);
    const r = await cli(["draft"]);
    expect(r.code).toBe(0);
    const item = items(readFileSync(join(dir, "drafts/2026-01-15-weekly.md"), "utf8"))[0]!;
    expect(item).toContain("<!-- feedwright: text: full text, extracted -->");
    expect(item).toContain("The feed already carries the whole story in its own words.");
    expect(item).not.toContain("greater length");
    expect(server.hits("/articles/kept")).toHaveLength(1);
    expect(server.hits("/robots.txt")).toHaveLength(0);
  }, 30_000);
});
