import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { refreshFeeds } from "../../src/pipeline.ts";
import { countEntries } from "../../src/store/entries.ts";
import { getFeed } from "../../src/store/feeds.ts";
import { type Engine, forEachEngine, openTestStore } from "../support/engines.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const log = createLogger({ level: "silent" });
const rss = (...items: [string, string][]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://x.example/</link>${items
    .map(
      ([id, date]) =>
        `<item><guid>${id}</guid><title>${id}</title><link>https://x.example/${id}</link><pubDate>${date}</pubDate></item>`,
    )
    .join("")}</channel></rss>`;
const FEED = rss(["a", "Mon, 12 Jan 2026 08:00:00 GMT"], ["b", "Tue, 13 Jan 2026 08:00:00 GMT"]);
const xml = (body: string, headers: Record<string, string> = {}) =>
  new HttpResponse(body, { headers: { "content-type": "application/rss+xml", ...headers } });

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

async function setup(engine: Engine, feeds: string[], fetch = "") {
  const text = `fetch:\n  retries: 0\n  timeout: 2s\n${fetch}feeds:\n${feeds.map((p, i) => `  - id: f${i}\n    url: ${server.url}${p}\n`).join("")}`;
  const config = parseConfig(text, "feeds.yaml");
  const db = await openTestStore(engine);
  let clock = new Date("2026-01-15T10:00:00Z");
  const run = (opts: { retryGone?: boolean } = {}) =>
    refreshFeeds(config, db, { log, now: () => clock, ...opts });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  return { config, db, run, advance };
}

forEachEngine("pollFeed", (engine) => {
  const validators = [
    ["strong ETag", "etag", "if-none-match", '"v1"'],
    ["weak ETag", "etag", "if-none-match", 'W/"v1"'],
    ["Last-Modified", "last-modified", "if-modified-since", "Wed, 14 Jan 2026 08:00:00 GMT"],
  ] as const;
  for (const [name, header, conditional, value] of validators) {
    it(`stores entries, then a 304 (${name}) changes nothing but the check time`, async () => {
      server.use(
        http.get("*/c", ({ request }) =>
          request.headers.get(conditional) === value
            ? new HttpResponse(null, { status: 304 })
            : xml(FEED, { [header]: value }),
        ),
      );
      const { db, run, advance } = await setup(engine, ["/c"]);
      const [first] = await run();
      expect(first).toMatchObject({ outcome: "ok", status: 200, newEntries: 2, seenEntries: 2 });
      const before = (await getFeed(db, "f0"))!;
      expect(before).toMatchObject({ entriesSeen: 2, lastSuccess: "2026-01-15T10:00:00Z" });
      expect(header === "etag" ? before.etag : before.lastModified).toBe(value);
      advance(3600_000);
      const [second] = await run();
      expect(second).toMatchObject({ outcome: "not-modified", status: 304, newEntries: 0 });
      expect(server.requests[1]!.headers[conditional]).toBe(value);
      const after = await getFeed(db, "f0")!;
      expect(after).toEqual({
        ...before,
        lastAttempt: "2026-01-15T11:00:00Z",
        lastSuccess: "2026-01-15T11:00:00Z",
        lastStatus: "304",
      });
      expect(await countEntries(db)).toBe(2);
    });
  }

  it("records only the check for a 200 with the bytes it stored last time, and parses changed bytes", async () => {
    let body = FEED;
    server.use(http.get("*/same", () => xml(body)));
    const { db, run, advance } = await setup(engine, ["/same"]);
    expect((await run())[0]).toMatchObject({ outcome: "ok", status: 200, newEntries: 2 });
    const before = (await getFeed(db, "f0"))!;
    expect(before.bodyHash).toMatch(/^[\w-]{43}$/);
    // Taken away behind its back: a poll that parsed and stored the same bytes again would bring them back.
    await db.run("DELETE FROM entry_sources");
    await db.run("DELETE FROM entries");
    advance(3600_000);
    expect((await run())[0]).toMatchObject({ outcome: "ok", status: 200, newEntries: 0, error: null });
    expect(await countEntries(db)).toBe(0);
    expect(await getFeed(db, "f0")).toEqual({
      ...before,
      lastAttempt: "2026-01-15T11:00:00Z",
      lastSuccess: "2026-01-15T11:00:00Z",
    });
    body = rss(["a", "Mon, 12 Jan 2026 08:00:00 GMT"], ["c", "Wed, 14 Jan 2026 08:00:00 GMT"]);
    advance(3600_000);
    expect((await run())[0]).toMatchObject({ outcome: "ok", newEntries: 2 });
    expect((await getFeed(db, "f0"))!.bodyHash).not.toBe(before.bodyHash);
  });

  it("takes new validators from a 304 that carries them, and drops old ones a 200 no longer sends", async () => {
    let mode: "etag" | "304-new" | "plain" = "etag";
    server.use(
      http.get("*/v", () =>
        mode === "etag"
          ? xml(FEED, { etag: '"a"' })
          : mode === "304-new"
            ? new HttpResponse(null, { status: 304, headers: { etag: '"b"' } })
            : xml(FEED),
      ),
    );
    const { db, run } = await setup(engine, ["/v"]);
    await run();
    mode = "304-new";
    await run();
    expect((await getFeed(db, "f0"))!.etag).toBe('"b"');
    mode = "plain";
    await run();
    expect((await getFeed(db, "f0"))!.etag).toBeNull();
  });

  it("marks a 410 feed gone and does not poll it again until --retry-gone", async () => {
    server.use(
      http.get("*/gone", () => new HttpResponse("bye", { status: 410 })),
      http.get("*/ok", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/gone", "/ok"]);
    const [gone, ok] = await run();
    expect(gone).toMatchObject({ outcome: "gone", status: 410 });
    expect(ok!.outcome).toBe("ok");
    expect((await getFeed(db, "f0"))!.gone).toBe(true);
    const [again] = await run();
    expect(again).toMatchObject({ outcome: "gone", error: "gone (HTTP 410)" });
    expect(server.requests.filter((r) => r.path === "/gone")).toHaveLength(1);
    await run({ retryGone: true });
    expect(server.requests.filter((r) => r.path === "/gone")).toHaveLength(2);
  });

  it("forgets the gone flag when the url in feeds.yaml changes", async () => {
    server.use(
      http.get("*/gone", () => new HttpResponse("bye", { status: 410 })),
      http.get("*/ok", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/gone"]);
    await run();
    const moved = parseConfig(`feeds:\n  - id: f0\n    url: ${server.url}/ok\n`, "feeds.yaml");
    const [r] = await refreshFeeds(moved, db, { log, now: () => new Date("2026-01-16T00:00:00Z") });
    expect(r!.outcome).toBe("ok");
    expect((await getFeed(db, "f0"))!.gone).toBe(false);
  });

  it("goes straight to a permanent redirect's target next time, and says so", async () => {
    server.use(
      http.get("*/old", () => new HttpResponse(null, { status: 301, headers: { location: "/new" } })),
      http.get("*/new", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/old"]);
    const [r] = await run();
    expect(r).toMatchObject({ outcome: "ok", url: `${server.url}/new` });
    expect(r!.hint).toBe(`feeds.yaml url now leads to ${server.url}/new: put that in feeds.yaml`);
    expect((await getFeed(db, "f0"))!.url).toBe(`${server.url}/new`);
    server.requests.length = 0;
    await run();
    expect(server.requests.map((q) => q.path)).toEqual(["/new"]);
  });

  it("keeps polling the configured url after a temporary redirect", async () => {
    server.use(
      http.get("*/tmp", () => new HttpResponse(null, { status: 302, headers: { location: "/new" } })),
      http.get("*/new", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/tmp"]);
    const [r] = await run();
    expect(r).toMatchObject({ outcome: "ok", hint: null });
    expect((await getFeed(db, "f0"))!.url).toBe(`${server.url}/tmp`);
  });

  it("records a long Retry-After as the next allowed poll and skips the feed until then", async () => {
    server.use(
      http.get("*/busy", () => new HttpResponse("", { status: 429, headers: { "retry-after": "7200" } })),
    );
    const { db, run, advance } = await setup(engine, ["/busy"], "  retryAfterMax: 5s\n");
    const [r] = await run();
    expect(r).toMatchObject({ outcome: "failed", status: 429, nextPoll: "2026-01-15T12:00:00Z" });
    expect(r!.error).toBe("HTTP 429 Too Many Requests; server asked to wait until 2026-01-15T12:00:00Z");
    expect((await getFeed(db, "f0"))!.nextPoll).toBe("2026-01-15T12:00:00Z");
    advance(3600_000);
    const [skipped] = await run();
    expect(skipped).toMatchObject({
      outcome: "skipped",
      error: "server asked to wait until 2026-01-15T12:00:00Z",
    });
    expect(server.requests).toHaveLength(1);
    advance(3600_000);
    await run();
    expect(server.requests).toHaveLength(2);
  });

  it("discovers the feed of an HTML page, uses it, and polls it directly afterwards", async () => {
    server.use(
      http.get("*/blog", () =>
        HttpResponse.html(
          '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed.xml"></head></html>',
        ),
      ),
      http.get("*/blog/feed.xml", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/blog"]);
    const [r] = await run();
    expect(r).toMatchObject({ outcome: "ok", newEntries: 2, url: `${server.url}/blog/feed.xml` });
    expect(r!.hint).toMatch(/put that in feeds.yaml/);
    expect((await getFeed(db, "f0"))!.url).toBe(`${server.url}/blog/feed.xml`);
    server.requests.length = 0;
    await run();
    expect(server.requests.map((q) => q.path)).toEqual(["/blog/feed.xml"]);
  });

  it("reports an HTML page without feed links and an empty 200 as clear per-feed errors", async () => {
    server.use(
      http.get("*/page", () => HttpResponse.html("<!doctype html><title>x</title>")),
      http.get("*/empty", () => new HttpResponse("", { status: 200 })),
      http.get("*/ok", () => xml(FEED)),
    );
    const { db, run } = await setup(engine, ["/page", "/empty", "/ok"]);
    const [page, empty, ok] = await run();
    expect(page).toMatchObject({
      outcome: "failed",
      error: `not a feed: ${server.url}/page is an HTML page that links to no feed`,
    });
    expect(empty).toMatchObject({ outcome: "failed", error: "empty document (0 bytes)" });
    expect(ok!.outcome).toBe("ok");
    await run();
    expect(await getFeed(db, "f1")).toMatchObject({
      consecutiveFailures: 2,
      lastError: "empty document (0 bytes)",
      lastStatus: "PARSE",
    });
  });

  it("flags a poll whose oldest item is newer than the previous successful poll", async () => {
    let body = FEED;
    server.use(http.get("*/win", () => xml(body)));
    const { db, run, advance } = await setup(engine, ["/win"]);
    const [first] = await run();
    expect(first).toMatchObject({ oldestItem: "2026-01-12T08:00:00Z", mayHaveMissed: false });
    advance(2 * 86_400_000); // next poll 2026-01-17T10:00Z
    body = rss(["c", "Fri, 16 Jan 2026 09:00:00 GMT"], ["d", "Sat, 17 Jan 2026 09:00:00 GMT"]);
    const [second] = await run();
    expect(second).toMatchObject({ mayHaveMissed: true, oldestItem: "2026-01-16T09:00:00Z" });
    expect((await getFeed(db, "f0"))!.lastPollOldestItem).toBe("2026-01-16T09:00:00Z");
    advance(3600_000);
    body = rss(["c", "Fri, 16 Jan 2026 09:00:00 GMT"], ["e", "Sat, 17 Jan 2026 10:30:00 GMT"]);
    const [third] = await run();
    expect(third).toMatchObject({ mayHaveMissed: false, newEntries: 1 });
  });
});

forEachEngine("interruption", (engine) => {
  it("an aborted run leaves the feed's health untouched", async () => {
    const held: import("node:http").ServerResponse[] = [];
    let arrived!: () => void;
    const seen = new Promise<void>((r) => {
      arrived = r;
    });
    server.useRaw((req, res) => {
      if (req.url !== `/hang-${engine}`) return false; // one path per engine: the handler stays registered
      held.push(res);
      arrived();
      return true;
    });
    const { config, db } = await setup(engine, [`/hang-${engine}`]);
    const controller = new AbortController();
    const running = refreshFeeds(config, db, {
      log,
      now: () => new Date("2026-01-15T10:00:00Z"),
      signal: controller.signal,
    });
    await seen;
    controller.abort();
    const [r] = await running;
    expect(r).toMatchObject({ outcome: "skipped", error: "interrupted" });
    expect(await getFeed(db, "f0")).toMatchObject({
      consecutiveFailures: 0,
      lastAttempt: null,
      lastError: null,
    });
    for (const h of held) h.destroy();
  });
});
