import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/page", () =>
      HttpResponse.html(
        '<html><head><base href="/sub/"><link rel="alternate" type="application/rss+xml" title="Posts" href="rss.xml"><link rel="alternate" type="application/feed+json" href="/feed.json"></head></html>',
      ),
    ),
    http.get("*/plain", () => HttpResponse.html("<html><head></head></html>")),
    http.get(
      "*/feed.xml",
      () => new HttpResponse("<rss/>", { headers: { "content-type": "application/rss+xml" } }),
    ),
  ]);
});
afterAll(() => server.close());

describe("feedwright discover", () => {
  it("prints the feeds a page links to, resolved against <base>, without needing a feeds.yaml", async () => {
    const dir = mkdtempSync(join(tmpdir(), "feedwright-discover-")); // no feeds.yaml here
    const r = await runCli(["discover", `${server.url}/page`], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^URL\s+TYPE\s+TITLE$/);
    expect(lines[1]).toMatch(new RegExp(`^${server.url}/sub/rss\\.xml\\s+rss\\s+Posts$`));
    expect(lines[2]).toMatch(new RegExp(`^${server.url}/feed\\.json\\s+json$`));
    const json = JSON.parse(
      (await runCli(["discover", "--json", `${server.url}/page`], { cwd: dir })).stdout,
    );
    expect(json).toEqual([
      { url: `${server.url}/sub/rss.xml`, type: "rss", title: "Posts" },
      { url: `${server.url}/feed.json`, type: "json", title: null },
    ]);
  });

  it("says when the URL is a feed itself, and when a page links to none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "feedwright-discover-")); // no feeds.yaml here
    const feed = await runCli(["discover", "--json", `${server.url}/feed.xml`], { cwd: dir });
    expect(JSON.parse(feed.stdout)).toEqual([{ url: `${server.url}/feed.xml`, type: "feed", title: null }]);
    const none = await runCli(["discover", `${server.url}/plain`], { cwd: dir });
    expect(none).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `${server.url}/plain: the page links to no feed\n`,
    });
    const bad = await runCli(["discover", "not-a-url"], { cwd: dir });
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'discover: must be an absolute http(s) URL (got "not-a-url")\n',
    });
  });
});
