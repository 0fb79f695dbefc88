import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Io } from "../../src/commands/command.ts";
import { main } from "../../src/main.ts";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const FEED =
  '<rss version="2.0"><channel><title>T</title><item><guid>1</guid><title>one</title></item><item><guid>2</guid><title>two</title></item></channel></rss>';
const ENV = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/etag.xml", ({ request }) =>
      request.headers.get("if-none-match") === '"v1"'
        ? new HttpResponse(null, { status: 304 })
        : new HttpResponse(FEED, { headers: { etag: '"v1"' } }),
    ),
    http.get("*/missing.xml", () => new HttpResponse("no", { status: 404 })),
    http.get("*/gone.xml", () => new HttpResponse("bye", { status: 410 })),
  ]);
});
afterAll(() => server.close());

const config = (base: string) => `fetch: { retries: 0 }
feeds:
  - { id: etag, url: "${base}/etag.xml" }
  - { id: missing, url: "${base}/missing.xml" }
  - { id: gone, url: "${base}/gone.xml" }
`;

describe("feedwright fetch summary", () => {
  it("ends with a table of every feed: ok, not modified, failed with reason, gone", async () => {
    const { config: path } = tempConfig(config(server.url));
    const first = await runCli(["fetch", "--config", path], { env: ENV });
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n")).toEqual([
      expect.stringMatching(/^FEED\s+RESULT\s+STATUS\s+NEW\s+NOTE$/),
      expect.stringMatching(/^etag\s+ok\s+200\s+2$/),
      expect.stringMatching(/^missing\s+FAILED\s+404\s+0\s+HTTP 404 Not Found$/),
      expect.stringMatching(
        /^gone\s+GONE\s+410\s+0\s+HTTP 410 Gone; the server says the feed is gone for good: change its url in feeds.yaml or pass --retry-gone$/,
      ),
      "3 feeds: 1 ok, 0 not modified, 1 failed, 1 gone, 0 skipped; 2 new entries",
      "",
    ]);
    server.requests.length = 0;
    const second = await runCli(["fetch", "--config", path], { env: ENV });
    expect(second.stdout).toMatch(/^etag\s+not modified\s+304\s+0$/m);
    expect(second.stdout).toMatch(
      /^gone\s+GONE\s+410\s+0\s+gone \(HTTP 410\); change its url in feeds.yaml or pass --retry-gone$/m,
    );
    expect(server.requests.map((r) => r.path).sort()).toEqual(["/etag.xml", "/missing.xml"]);
    const retry = await runCli(["fetch", "--retry-gone", "--feed", "gone", "--config", path], { env: ENV });
    expect(retry.stdout).toMatch(/^gone\s+GONE\s+410\s+0\s+HTTP 410 Gone/m);
    expect(server.requests.filter((r) => r.path === "/gone.xml")).toHaveLength(1);
  });

  it("prints nothing but the summary in CI", async () => {
    const { config: path } = tempConfig(config(server.url));
    const r = await runCli(["fetch", "--config", path], { env: { ...ENV, CI: "true" } });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n")).toHaveLength(5);
  });
});

describe("progress line", () => {
  async function run(tty: boolean, ...extra: string[]) {
    const { config: path } = tempConfig(config(server.url));
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const out: string[] = [];
    const io: Io = {
      out: (t) => out.push(t),
      err: (t) => writes.push(t),
      isTTY: tty,
      env: { ...ENV, FEEDWRIGHT_LOG_LEVEL: "silent", NO_COLOR: "1" },
      cwd: process.cwd(),
      signal: new AbortController().signal,
    };
    try {
      expect(await main(["fetch", "--config", path, ...extra], io)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    return { writes, out };
  }

  it("shows done/total and failures on a terminal, then clears itself", async () => {
    const { writes, out } = await run(true);
    const progress = writes.filter((w) => w.startsWith("\r"));
    expect(progress.at(-2)).toBe("\r\x1b[2Kfetching 3/3 feeds, 1 failed");
    expect(progress.at(-1)).toBe("\r\x1b[2K");
    expect(out.at(-1)).toMatch(/^3 feeds: /);
  });

  it("is silent with --quiet and when not on a terminal", async () => {
    expect((await run(true, "--quiet")).writes).toEqual([]);
    expect((await run(false)).writes).toEqual([]);
  });
});
