import type { ServerResponse } from "node:http";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { refreshFeeds } from "../../src/pipeline.ts";
import { openStore } from "../../src/store/db.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const log = createLogger({ level: "silent" });
const FEED =
  '<rss version="2.0"><channel><title>T</title><item><guid>x</guid><title>x</title></item></channel></rss>';
const now = () => new Date("2026-01-15T10:00:00Z");

let a: FeedServer;
let b: FeedServer;
const held = new Set<ServerResponse>();
beforeAll(async () => {
  a = await startFeedServer();
  b = await startFeedServer([], { host: "127.0.0.2" });
});
afterAll(async () => {
  for (const r of held) r.destroy();
  await a.close();
  await b.close();
});

describe("refreshFeeds politeness", () => {
  it("keeps at most fetch.perHost requests on one host while other hosts proceed", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let bSeen = 0;
    let releaseA!: () => void;
    const bothB = new Promise<void>((r) => {
      releaseA = r;
    });
    a.useRaw(async (_req, res) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await bothB; // host A answers only once host B got both its requests: no head-of-line blocking
      inFlight--;
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);
      return true;
    });
    b.use(
      http.get("*", () => {
        if (++bSeen === 2) releaseA();
        return new HttpResponse(FEED);
      }),
    );
    const feeds = [...Array.from({ length: 6 }, (_, i) => `${a.url}/a${i}`), `${b.url}/b0`, `${b.url}/b1`];
    const config = parseConfig(
      `fetch: { concurrency: 4, perHost: 2, retries: 0 }\nfeeds:\n${feeds.map((u) => `  - url: ${u}\n`).join("")}`,
      "feeds.yaml",
    );
    const reports = await refreshFeeds(config, await openStore(":memory:"), { log, now });
    expect(reports.map((r) => r.outcome)).toEqual(Array(8).fill("ok"));
    expect(maxInFlight).toBe(2);
    expect(a.requests).toHaveLength(6);
  });

  it("a hanging feed ends at its own timeout and the others are unaffected; per-feed headers are sent", async () => {
    const silent = await startFeedServer();
    silent.useRaw((_req, res) => {
      held.add(res);
      return true;
    });
    b.use(http.get("*/ok", () => new HttpResponse(FEED)));
    const config = parseConfig(
      `fetch: { retries: 0, timeout: 20s }
feeds:
  - id: hangs
    url: ${silent.url}/feed
    timeout: 300ms
  - id: fine
    url: ${b.url}/ok
    userAgent: MyReader/1.0
    headers: { X-Token: abc }
`,
      "feeds.yaml",
    );
    b.requests.length = 0;
    const [hangs, fine] = await refreshFeeds(config, await openStore(":memory:"), { log, now });
    expect(hangs).toMatchObject({ outcome: "failed" });
    expect(hangs!.error).toMatch(/^(no response within 300 ms|timed out after 300 ms)$/);
    expect(fine).toMatchObject({ outcome: "ok", newEntries: 1 });
    expect(b.requests[0]!.headers).toMatchObject({ "user-agent": "MyReader/1.0", "x-token": "abc" });
    await silent.close();
  });
});
