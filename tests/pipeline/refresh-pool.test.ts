import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { createParsePool, type FeedParser } from "../../src/pipeline/parse-pool.ts";
import { parseAndNormalize } from "../../src/pipeline/parse-worker.ts";
import { POOL_MIN_FEEDS } from "../../src/pipeline/refresh.ts";
import { refreshFeeds } from "../../src/pipeline.ts";
import { openStore } from "../../src/store/db.ts";
import { entriesBetween } from "../../src/store/entries.ts";
import { getFeed } from "../../src/store/feeds.ts";
import { tempConfig } from "../support/cli.ts";
import { CRASH_MARK, STORE_CRASH_MARK } from "../support/crash-hook.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const log = createLogger({ level: "silent" });
const now = () => new Date("2026-01-15T10:00:00Z");
const FIXTURES = join(import.meta.dirname, "../fixtures");
const fixture = (path: string) => readFileSync(join(FIXTURES, path), "utf8");
const rss = (id: string, extra = "") =>
  `<?xml version="1.0"?>${extra}<rss version="2.0"><channel><title>${id}</title><item><guid>${id}-1</guid><title>${id} one</title><link>/${id}/1</link><pubDate>Mon, 12 Jan 2026 08:00:00 GMT</pubDate></item></channel></rss>`;
const xml = (body: string) => new HttpResponse(body, { headers: { "content-type": "application/rss+xml" } });
const html = (body: string) => new HttpResponse(body, { headers: { "content-type": "text/html" } });
const inThread: FeedParser = { parse: async (job) => parseAndNormalize(job) };

let server: FeedServer;
/** How many bodies a slow test parser is working on, and what that was at each /counted request. */
let parsingNow = 0;
const requestedWhileParsing: number[] = [];
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/k8s.xml", () => xml(fixture("feeds/kubernetes.xml"))),
    http.get("*/cw.xml", () => xml(fixture("feeds/computerweekly.xml"))),
    http.get("*/springer.xml", () => xml(fixture("parse/springer-shape.xml"))),
    http.get("*/relative.rss", () => xml(fixture("parse/relative.rss"))),
    http.get("*/page", () =>
      html('<html><head><link rel="alternate" type="application/rss+xml" href="/k8s.xml"></head></html>'),
    ),
    http.get("*/plain", () => html("<html><body>no feed here</body></html>")),
    http.get("*/broken.xml", () => xml("this is not markup")),
    http.get("*/crash.xml", () => xml(rss("crash", CRASH_MARK))),
    http.get("*/crash-in-store.xml", () => xml(rss("store-crash", STORE_CRASH_MARK))),
    http.get("*/r/:id", ({ params }) => xml(rss(String(params.id)))),
    http.get("*/etag/:id", ({ params }) => {
      return new HttpResponse(rss(String(params.id)), {
        headers: { "content-type": "application/rss+xml", etag: `"${params.id}"` },
      });
    }),
    http.get("*/counted/:id", ({ params }) => {
      requestedWhileParsing.push(parsingNow);
      return xml(rss(String(params.id)));
    }),
  ]);
});
afterAll(() => server.close());

const PATHS = [
  "/k8s.xml",
  "/cw.xml",
  "/springer.xml",
  "/relative.rss",
  "/page",
  "/plain",
  "/broken.xml",
  "/r/a",
  "/r/b",
  "/r/c",
];
// PATHS without /k8s.xml, which /page leads to: which of two feeds with the same entries stores them
// first, and so owns them, depends on which poll finishes first.
const DISTINCT_PATHS = PATHS.map((p) => (p === "/k8s.xml" ? "/r/d" : p));
const yaml = (paths: readonly string[]) =>
  `fetch: { retries: 0, timeout: 5s }\nfeeds:\n${paths.map((p, i) => `  - id: f${i}\n    url: ${server.url}${p}\n`).join("")}`;

/** A fresh store file (a pool stores in its workers only into a file they can open too). */
const storeFile = () => join(mkdtempSync(join(tmpdir(), "fw-pool-")), "state.db");

async function refresh(paths: readonly string[], parser?: FeedParser, path = ":memory:") {
  const db = await openStore(path);
  const reports = await refreshFeeds(parseConfig(yaml(paths), "feeds.yaml"), db, { log, now, parser });
  return { db, reports };
}

describe("refreshFeeds with parse workers", () => {
  it("stores exactly what in-thread parsing stores, with the same per-feed errors", async () => {
    expect(DISTINCT_PATHS.length).toBeGreaterThan(POOL_MIN_FEEDS);
    const pooled = await refresh(DISTINCT_PATHS);
    const plain = await refresh(DISTINCT_PATHS, inThread);
    const outcome = (r: { reports: Awaited<ReturnType<typeof refreshFeeds>> }) =>
      r.reports.map((x) => [x.feedId, x.outcome, x.newEntries, x.seenEntries, x.error]);
    expect(outcome(pooled)).toEqual(outcome(plain));
    expect(pooled.reports.find((r) => r.feedId === "f4")).toMatchObject({
      outcome: "ok",
      url: `${server.url}/k8s.xml`,
    });
    expect(pooled.reports.find((r) => r.feedId === "f5")).toMatchObject({
      outcome: "failed",
      error: `not a feed: ${server.url}/plain is an HTML page that links to no feed`,
    });
    expect(pooled.reports.find((r) => r.feedId === "f6")).toMatchObject({ outcome: "failed" });
    expect(pooled.reports.find((r) => r.feedId === "f6")!.error).toBe(
      plain.reports.find((r) => r.feedId === "f6")!.error,
    );
    const all = (db: typeof pooled.db) => entriesBetween(db, "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    expect((await all(pooled.db)).length).toBeGreaterThan(10);
    expect(await all(pooled.db)).toEqual(await all(plain.db));
  });

  it("stores in its workers, on their own connections to the file, what in-thread storing stores", async () => {
    const pool = createParsePool();
    let storedByWorkers = 0;
    const counting: FeedParser = {
      parse: (job) => pool.parse(job),
      parseAndStore: (job, store) => {
        storedByWorkers++;
        return pool.parseAndStore!(job, store);
      },
    };
    const path = storeFile();
    const paths = DISTINCT_PATHS;
    try {
      const pooled = await refresh(paths, counting, path);
      const plain = await refresh(paths, inThread);
      // Every body went to a worker but the page that links to no feed (f5).
      expect(storedByWorkers).toBe(paths.length - 1);
      const outcome = (r: { reports: Awaited<ReturnType<typeof refreshFeeds>> }) =>
        r.reports.map((x) => [x.feedId, x.outcome, x.newEntries, x.seenEntries, x.oldestItem, x.error]);
      expect(outcome(pooled)).toEqual(outcome(plain));
      const all = (db: typeof pooled.db) =>
        entriesBetween(db, "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
      expect((await all(pooled.db)).length).toBeGreaterThan(10);
      expect(await all(pooled.db)).toEqual(await all(plain.db));
      for (const r of pooled.reports)
        expect(await getFeed(pooled.db, r.feedId)).toEqual(await getFeed(plain.db, r.feedId));
      await pooled.db.close();
    } finally {
      await pool.close();
    }
    // Everything the workers wrote is committed in the file once the pool is closed.
    const reopened = await openStore(path);
    expect(await getFeed(reopened, "f4")).toMatchObject({ entriesSeen: 3, lastStatus: "200" });
    await reopened.close();
  });

  it("tells the parser how many bodies to expect: one per feed that cannot answer 304", async () => {
    const asked: number[] = [];
    const spy: FeedParser = { ...inThread, warm: (n) => asked.push(n) };
    const config = parseConfig(yaml(["/r/a", "/r/b", "/etag/c", "/etag/d"]), "feeds.yaml");
    const db = await openStore(":memory:");
    await refreshFeeds(config, db, { log, now, parser: spy });
    await refreshFeeds(config, db, { log, now, parser: spy });
    // The second time, the two feeds that sent an ETag may answer 304.
    expect(asked).toEqual([4, 2]);
    await db.close();
  });

  it("frees a feed's network slot once its body is in, with at most `concurrency` bodies parsing", async () => {
    const slow: FeedParser = {
      parse: async (job) => {
        parsingNow++;
        await new Promise((r) => setTimeout(r, 150));
        parsingNow--;
        return parseAndNormalize(job);
      },
    };
    const paths = Array.from({ length: 8 }, (_, i) => `/counted/${i}`);
    const config = parseConfig(
      `fetch: { retries: 0, timeout: 5s, concurrency: 2 }\nfeeds:\n${paths.map((p, i) => `  - id: f${i}\n    url: ${server.url}${p}\n`).join("")}`,
      "feeds.yaml",
    );
    const db = await openStore(":memory:");
    requestedWhileParsing.length = 0;
    const reports = await refreshFeeds(config, db, { log, now, parser: slow });
    expect(reports.map((r) => r.outcome)).toEqual(paths.map(() => "ok"));
    // Requests went out while two bodies (all that may wait) were being parsed: slots held until a
    // feed is stored would have allowed none then.
    expect(requestedWhileParsing).toHaveLength(8);
    expect(Math.max(...requestedWhileParsing)).toBe(2);
    await db.close();
  });

  it("checkpoints the file on a thread of its own while the workers store, not only at the end", async () => {
    const paths = [...PATHS, ...Array.from({ length: 10 }, (_, i) => `/r/more${i}`)];
    const size = (path: string) => statSync(path).size;
    const run = async (checkpointEvery: number) => {
      const pool = createParsePool({ checkpointEvery });
      const path = storeFile();
      const { db, reports } = await refresh(paths, pool, path);
      expect(reports.filter((r) => r.outcome === "ok")).toHaveLength(18);
      // The workers' connections never checkpoint, and the main connection wrote too little to:
      // only a checkpoint requested by the pool grows the database file (beyond its first page).
      for (let waited = 0; waited < 5000 && size(path) <= 4096; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      const during = size(path);
      await pool.close();
      await db.close(); // the last connection: copies whatever is left
      return { during, after: size(path) };
    };
    const often = await run(2);
    // Without the checkpointer's requests the entries reach the database file only at the close.
    const never = await run(1_000_000);
    expect(never.during).toBe(4096);
    expect(never.after).toBeGreaterThan(100_000);
    expect(often.during).toBeGreaterThan(never.during);
  }, 90_000); // two pools and a 5 s watch of the file: slow on a loaded machine, not stuck

  it("a worker dying while it stores fails that feed alone, and the others still store", async () => {
    const pool = createParsePool({ workerUrl: new URL("../support/crash-parse-worker.ts", import.meta.url) });
    try {
      const { db, reports } = await refresh(
        ["/r/a", "/crash-in-store.xml", "/r/b", "/r/c", "/k8s.xml"],
        pool,
        storeFile(),
      );
      expect(reports.map((r) => [r.feedId, r.outcome])).toEqual([
        ["f0", "ok"],
        ["f1", "failed"],
        ["f2", "ok"],
        ["f3", "ok"],
        ["f4", "ok"],
      ]);
      expect(reports[1]!.error).toBe("the parser crashed on this document (worker exited with status 8)");
      expect(await getFeed(db, "f1")).toMatchObject({ consecutiveFailures: 1, entriesSeen: 0 });
      expect((await getFeed(db, "f4"))!.entriesSeen).toBeGreaterThan(0);
      await db.close();
    } finally {
      await pool.close();
    }
  });

  it("a worker crash fails that feed alone, and its health says why", async () => {
    const pool = createParsePool({ workerUrl: new URL("../support/crash-parse-worker.ts", import.meta.url) });
    try {
      const { db, reports } = await refresh(["/r/a", "/crash.xml", "/r/b", "/r/c"], pool);
      expect(reports.map((r) => [r.feedId, r.outcome, r.newEntries])).toEqual([
        ["f0", "ok", 1],
        ["f1", "failed", 0],
        ["f2", "ok", 1],
        ["f3", "ok", 1],
      ]);
      expect(reports[1]!.error).toBe("the parser crashed on this document (worker exited with status 7)");
      expect(await getFeed(db, "f1")).toMatchObject({ consecutiveFailures: 1, lastStatus: "PARSE" });
    } finally {
      await pool.close();
    }
  });

  it("leaves nothing behind that keeps the process alive once the run is over", async () => {
    // 18 stored polls: more than the 16 after which the pool's checkpointer thread starts.
    const { config } = tempConfig(yaml([...PATHS, ...Array.from({ length: 10 }, (_, i) => `/r/more${i}`)]));
    // Not spawnSync: the feed server lives in this process and must keep answering. A leaked worker
    // would hold the child open until the timeout kills it, and execFile would reject.
    const child = await promisify(execFile)(
      process.execPath,
      [join(import.meta.dirname, "../support/refresh-child.ts"), config],
      { timeout: 20_000 },
    );
    const reports = JSON.parse(child.stdout) as [string, string, number][];
    expect(reports.filter(([, outcome]) => outcome === "ok")).toHaveLength(18);
  });
});
