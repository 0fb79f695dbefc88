import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/articles");
const STORY = readFileSync(join(FIXTURES, "story.html"), "utf8");
const SELECTOR_PAGE = readFileSync(join(FIXTURES, "selector.html"), "utf8");
const para = (s: string) => `<p>${s}</p>`.repeat(6);
// GBK with its charset only in <meta>; windows-1252 with its charset only in the header.
const GBK_PAGE = iconv.encode(
  `<html><head><meta charset="gbk"><title>本地部署</title></head><body><article>${para("各国政府和受监管行业正在把人工智能工作负载迁回自己的数据中心，原因不只是成本，还有数据主权。")}</article></body></html>`,
  "gbk",
);
const CP1252_PAGE = iconv.encode(
  `<html><head><title>Caf\u00e9</title></head><body><article>${para("The caf\u00e9\u2019s na\u00efve fa\u00e7ade \u2013 a r\u00e9sum\u00e9 of d\u00e9j\u00e0 vu, priced in \u20ac and written for readers who want more than a teaser.")}</article></body></html>`,
  "windows-1252",
);

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/story", () => HttpResponse.html(STORY)),
    http.get("*/notes", () => HttpResponse.html(SELECTOR_PAGE)),
    http.get("*/moved", () => new HttpResponse(null, { status: 301, headers: { location: "/story" } })),
    http.get("*/gbk", () => new HttpResponse(GBK_PAGE, { headers: { "content-type": "text/html" } })),
    http.get(
      "*/cp1252",
      () => new HttpResponse(CP1252_PAGE, { headers: { "content-type": "text/html; charset=windows-1252" } }),
    ),
    http.get("*/forbidden", () => new HttpResponse("no", { status: 403 })),
    http.get("*/empty", () => HttpResponse.html("<html><body></body></html>")),
  ]);
});
afterAll(() => server.close());

const cwd = () => mkdtempSync(join(tmpdir(), "feedwright-extract-")); // no feeds.yaml needed

describe("feedwright extract URL", () => {
  it("prints title, byline, length, rule and the text, asking the server for HTML", async () => {
    const r = await runCli(["extract", `${server.url}/moved`], { cwd: cwd() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [head, text] = [r.stdout.split("\n\n")[0]!, r.stdout.split("\n\n").slice(1).join("\n\n")];
    const length = Number(/^Length: (\d+) characters$/m.exec(head)![1]);
    expect(head.split("\n")).toEqual([
      `URL:    ${server.url}/story`,
      "Title:  Exec plugins explained | Example News",
      "Byline: Dana Fischer",
      `Length: ${length} characters`,
      "Rule:   readability",
    ]);
    expect(text.trimEnd()).toHaveLength(length);
    expect(text).toContain("\n\nExec plugins let kubectl obtain credentials");
    const req = server.requests.find((q) => q.path === "/story")!;
    expect(req.headers.accept).toMatch(/^text\/html/);
  });

  it("--json prints the whole result, HTML with absolute links included", async () => {
    const r = await runCli(["extract", "--json", `${server.url}/story`], { cwd: cwd() });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ url: `${server.url}/story`, rule: "readability", byline: "Dana Fischer" });
    expect(json.length).toBe(json.text.length);
    expect(json.html).toContain(`src="${server.url}/img/flow.png"`);
  });

  it("applies --selector and every --remove", async () => {
    const r = await runCli(
      [
        "extract",
        "--json",
        "--selector",
        ".release-note",
        "--remove",
        ".ad",
        "--remove",
        "h2",
        `${server.url}/notes`,
      ],
      { cwd: cwd() },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      rule: "selector: .release-note",
      text: "Version 2.4 adds leader election and drops support for the old CRD version.",
    });
  });

  it("decodes GBK named in <meta> and windows-1252 named in the header", async () => {
    const gbk = JSON.parse((await runCli(["extract", "--json", `${server.url}/gbk`], { cwd: cwd() })).stdout);
    expect(gbk.encoding).toBe("gbk");
    expect(gbk.text).toContain("各国政府和受监管行业正在把人工智能工作负载迁回自己的数据中心");
    const cp = JSON.parse(
      (await runCli(["extract", "--json", `${server.url}/cp1252`], { cwd: cwd() })).stdout,
    );
    expect(cp.text).toContain(
      "The caf\u00e9\u2019s na\u00efve fa\u00e7ade \u2013 a r\u00e9sum\u00e9 of d\u00e9j\u00e0 vu, priced in \u20ac",
    );
  });

  it("a selector that does not parse is one line, exit 2, and nothing is fetched", async () => {
    const before = server.requests.length;
    const r = await runCli(["extract", "--selector", "div[[", `${server.url}/story`], { cwd: cwd() });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^CSS selector "div\[\[" does not parse: /),
    ]);
    expect(r.stdout).toBe("");
    expect(server.requests.length).toBe(before);
  });

  it("reports an HTTP error, a page without an article and a blocked private address in one line each", async () => {
    const forbidden = await runCli(["extract", `${server.url}/forbidden`], { cwd: cwd() });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr.trimEnd()).toBe(`${server.url}/forbidden: HTTP 403 Forbidden`);
    const empty = await runCli(["extract", `${server.url}/empty`], { cwd: cwd() });
    expect(empty.code).toBe(1);
    expect(empty.stderr.trimEnd()).toBe(`${server.url}/empty: no article found on the page`);
    const { dir } = tempConfig(
      'fetch: { blockPrivateNetworks: true }\nfeeds:\n  - { id: a, url: "https://feeds.example/rss" }\n',
    );
    const before = server.requests.length;
    const blocked = await runCli(["extract", `${server.url}/story`], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr.trimEnd()).toMatch(
      new RegExp(`^${server.url}/story: blocked by fetch.blockPrivateNetworks: `),
    );
    expect(server.requests.length).toBe(before);
  });

  it("rejects what is not an absolute http(s) URL", async () => {
    const r = await runCli(["extract", "example.com/story"], { cwd: cwd() });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toBe('extract: must be an absolute http(s) URL (got "example.com/story")');
  });
});

describe("feedwright extract --file", () => {
  it("extracts a saved page offline, links resolved against --url", async () => {
    const dir = cwd();
    writeFileSync(join(dir, "page.html"), STORY);
    const r = await runCli(
      ["extract", "--json", "--file", "page.html", "--url", "https://news.example/a/b"],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.url).toBe("https://news.example/a/b");
    expect(json.html).toContain('href="https://news.example/docs/exec-plugins"');
    expect(json.text).toContain("Exec plugins let kubectl obtain credentials");
  });

  it("needs --url, and says so when the file is missing", async () => {
    const dir = cwd();
    const noUrl = await runCli(["extract", "--file", "page.html"], { cwd: dir });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("extract: expected one URL, or --file PAGE --url URL");
    const missing = await runCli(["extract", "--file", "nope.html", "--url", "https://news.example/"], {
      cwd: dir,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd()).toBe("nope.html: cannot read file: no such file");
  });
});
