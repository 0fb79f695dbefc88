import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const FEED = (title: string) =>
  `<rss version="2.0"><channel><title>${title}</title><item><guid>1</guid><title>one</title><pubDate>Tue, 13 Jan 2026 08:00:00 GMT</pubDate></item></channel></rss>`;
const ENV = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get(
      "*/ok.xml",
      () => new HttpResponse(FEED("OK Feed"), { headers: { "content-type": "application/rss+xml" } }),
    ),
    http.get("*/broken.xml", () => new HttpResponse("no", { status: 500 })),
    http.get("*/blog", () =>
      HttpResponse.html(
        '<html><head><link rel="alternate" type="application/atom+xml" href="/x"><link rel="alternate" type="application/rss+xml" title="Posts" href="/blog/rss"></head></html>',
      ),
    ),
    http.get(
      "*/x",
      () => new HttpResponse(FEED("Atom Blog"), { headers: { "content-type": "application/atom+xml" } }),
    ),
    http.get("*/blog/rss", () => new HttpResponse(FEED("The Blog"))),
    http.get("*/nofeeds", () => HttpResponse.html("<html><head><title>plain</title></head></html>")),
    http.get("*/gone.xml", () => new HttpResponse("bye", { status: 410 })),
    http.get("*/busy.xml", () => new HttpResponse("", { status: 429, headers: { "retry-after": "7200" } })),
  ]);
});
afterAll(() => server.close());

const CONFIG = (base: string) => `# My feeds — keep this comment
fetch:
  retries: 0   # no retries in tests
feeds:
  # the good one
  - id: ok
    title: OK Feed
    url: ${base}/ok.xml
    tags: [news]

  - id: broken
    url: ${base}/broken.xml   # flaky

# digests below
digests: []
`;

describe("feedwright feeds", () => {
  it("prints each feed's health, flags one failing several runs in a row, and --json for scripts", async () => {
    const { config } = tempConfig(CONFIG(server.url));
    const before = await runCli(["feeds", "--config", config], { env: ENV });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^ok\s+never polled\s+-\s+-\s+-\s+0\s+0$/m);
    for (let i = 0; i < 3; i++)
      expect((await runCli(["fetch", "--config", config], { env: ENV })).code).toBe(0);
    const fetched = await runCli(["fetch", "--config", config], { env: ENV });
    expect(fetched.stdout).toMatch(
      /^broken\s+FAILED\s+500\s+0\s+HTTP 500 Internal Server Error \[failing 4 runs in a row\]$/m,
    );
    const r = await runCli(["feeds", "--config", config], { env: ENV });
    expect(r.stdout.split("\n")[0]).toMatch(
      /^FEED\s+HEALTH\s+LAST\s+LAST ATTEMPT\s+LAST SUCCESS\s+FAILS\s+ENTRIES\s+NOTE$/,
    );
    expect(r.stdout).toMatch(/^ok\s+ok\s+200\s+2026-01-15T10:00:00Z\s+2026-01-15T10:00:00Z\s+0\s+1$/m);
    expect(r.stdout).toMatch(
      /^broken\s+failing\s+500\s+2026-01-15T10:00:00Z\s+-\s+4\s+0\s+HTTP 500 Internal Server Error \[failing 4 runs in a row\]$/m,
    );
    const json = JSON.parse((await runCli(["feeds", "--json", "--config", config], { env: ENV })).stdout);
    expect(json[1]).toMatchObject({
      id: "broken",
      status: "failing",
      consecutiveFailures: 4,
      lastStatus: "500",
      lastSuccess: null,
      gone: false,
      url: `${server.url}/broken.xml`,
    });
    expect(json[0]).toMatchObject({
      id: "ok",
      status: "ok",
      entriesSeen: 1,
      lastSuccess: "2026-01-15T10:00:00Z",
    });
  });

  it("shows gone feeds, and feeds waiting for the time a server asked for", async () => {
    const { config } = tempConfig(`fetch: { retries: 0 }
feeds:
  - { id: gone, url: "${server.url}/gone.xml" }
  - { id: busy, url: "${server.url}/busy.xml" }
`);
    const fetched = await runCli(["fetch", "--config", config], { env: ENV });
    expect(fetched.stdout).toMatch(
      /^busy\s+FAILED\s+429\s+0\s+HTTP 429 Too Many Requests; server asked to wait until 2026-01-15T12:00:00Z$/m,
    );
    const r = await runCli(["feeds", "--config", config], { env: ENV });
    expect(r.stdout).toMatch(/^gone\s+gone\s+410\s/m);
    expect(r.stdout).toMatch(/^busy\s+waiting\s+429\s.*; next poll 2026-01-15T12:00:00Z$/m);
    const later = await runCli(["fetch", "--config", config], { env: ENV });
    expect(later.stdout).toMatch(
      /^busy\s+skipped\s+-\s+0\s+server asked to wait until 2026-01-15T12:00:00Z$/m,
    );
  });

  it("add: discovers the feed of a web page and appends it to feeds.yaml, keeping comments", async () => {
    const { config } = tempConfig(CONFIG(server.url));
    const before = readFileSync(config, "utf8");
    const r = await runCli(
      ["feeds", "add", `${server.url}/blog`, "--tags", "blog, dev", "--config", config],
      { env: ENV },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `${server.url}/blog is a web page; using the feed it links to: ${server.url}/x`,
    );
    expect(r.stdout).toBe(`added 127-0-0-1 ${server.url}/x\n`);
    const after = readFileSync(config, "utf8");
    const [head, tail] = before.split("\n# digests below");
    expect(after).toBe(
      `${head}  - id: 127-0-0-1\n    title: Atom Blog\n    url: ${server.url}/x\n    tags: [blog, dev]\n\n# digests below${tail}`,
    );
    expect((await runCli(["validate", "--config", config])).stdout).toBe("ok\n");
  });

  it("add: a duplicate or a bad URL is bad input and changes nothing", async () => {
    const { config } = tempConfig(CONFIG(server.url));
    const before = readFileSync(config, "utf8");
    const dup = await runCli(["feeds", "add", `${server.url}/ok.xml`, "--config", config]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toBe(
      `feeds add: ${server.url}/ok.xml: already in ${config} as "ok"; ${config} unchanged\n`,
    );
    const bad = await runCli(["feeds", "add", "example.com/rss", "--config", config]);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'feeds add: must be an absolute http(s) URL (got "example.com/rss")\n',
    });
    const none = await runCli(["feeds", "add", `${server.url}/nofeeds`, "--config", config]);
    expect(none).toMatchObject({
      code: 2,
      stderr: `${server.url}/nofeeds: an HTML page that links to no feed\n`,
    });
    expect(readFileSync(config, "utf8")).toBe(before);
  });

  it("import: adds OPML outlines (folders become tags), skips duplicates and reports what it did", async () => {
    const { dir, config } = tempConfig(CONFIG(server.url));
    const opml = join(dir, "subs.opml");
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
        <outline text="Tech News">
          <outline type="rss" text="Already" xmlUrl="${server.url}/ok.xml"/>
          <outline type="rss" text="Go &amp; Rust" title="Go &amp; Rust" xmlurl="https://go.example/feed.atom" htmlUrl="https://go.example/"/>
        </outline>
        <outline type="rss" text="Plain" xmlUrl="https://plain.example/rss" category="Security,/Cloud/Native"/>
        <outline type="rss" text="Mail" xmlUrl="mailto:x@example.com"/>
      </body></opml>`,
    );
    const r = await runCli(["feeds", "import", opml, "--config", config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "added go-example https://go.example/feed.atom\nadded plain-example https://plain.example/rss\n",
    );
    expect(r.stderr).toContain(`skipped ${server.url}/ok.xml: already in ${config} as "ok"`);
    expect(r.stderr).toContain("skipped mailto:x@example.com: not an http(s) URL");
    expect(r.stderr).toContain(`${opml}: 2 feeds added to ${config}, 2 skipped`);
    const text = readFileSync(config, "utf8");
    expect(text).toContain("# My feeds — keep this comment");
    // Everything that was there stays byte for byte; the new items sit together after the last one.
    expect(text.replace(/ {2}- id: go-example[\s\S]*?tags: \[security, cloud, native\]\n/, "")).toBe(
      CONFIG(server.url),
    );
    expect(text).toContain(
      "  - id: go-example\n    title: Go & Rust\n    url: https://go.example/feed.atom\n    tags: [tech-news]\n",
    );
    expect(text).toContain("    tags: [security, cloud, native]\n");
    const again = await runCli(["feeds", "import", opml, "--config", config]);
    expect(again.stdout).toBe("");
    expect(readFileSync(config, "utf8")).toBe(text);
  });

  it("export prints OPML 2.0 that imports back to the same feeds (round trip)", async () => {
    const { config } = tempConfig(CONFIG(server.url));
    const out = await runCli(["feeds", "export", "--config", config], { env: ENV });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('<opml version="2.0">');
    expect(out.stdout).toContain(
      `<outline type="rss" text="OK Feed" title="OK Feed" xmlUrl="${server.url}/ok.xml" category="news"/>`,
    );
    const other = tempConfig(`feeds:\n  - url: https://unrelated.example/feed\n`);
    const opml = join(other.dir, "export.opml");
    writeFileSync(opml, out.stdout);
    const imported = await runCli(["feeds", "import", opml, "--config", other.config]);
    expect(imported.code).toBe(0);
    const back = await runCli(["feeds", "export", "--config", other.config], { env: ENV });
    const outlines = (s: string) => s.split("\n").filter((l) => l.includes("<outline"));
    expect(outlines(back.stdout).slice(1)).toEqual(outlines(out.stdout));
  });

  it("import: a file that is not OPML is bad input and changes nothing", async () => {
    const { dir, config } = tempConfig(CONFIG(server.url));
    const before = readFileSync(config, "utf8");
    const file = join(dir, "x.opml");
    writeFileSync(file, "<html><body>nope</body></html>");
    const r = await runCli(["feeds", "import", file, "--config", config]);
    expect(r).toMatchObject({ code: 2, stderr: `${file}: not an OPML file (no <opml> element)\n` });
    const missing = await runCli(["feeds", "import", join(dir, "none.opml"), "--config", config]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `${join(dir, "none.opml")}: cannot read OPML file: no such file\n`,
    });
    expect(readFileSync(config, "utf8")).toBe(before);
  });
});
