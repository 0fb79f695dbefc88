/**
 * A PostgreSQL server going away under a running `fetch`: the feeds whose entries arrive while it
 * is down fail with one line each, the others are stored, and nothing is half-written. Runs on a
 * cluster of its own (the shared one must stay up for the other files).
 */
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/db.ts";
import { entriesBetween } from "../../../src/store/entries.ts";
import { listFeeds } from "../../../src/store/feeds.ts";
import { runCli, tempConfig } from "../../support/cli.ts";
import { type FeedServer, startFeedServer } from "../../support/feed-server.ts";
import {
  adminQuery,
  startTestPostgres,
  type TestPostgres,
  withDatabase,
} from "../../support/postgres-cluster.ts";

const rss = (n: number) =>
  `<rss version="2.0"><channel><title>F${n}</title>${[1, 2, 3]
    .map(
      (i) =>
        `<item><guid>${n}-${i}</guid><title>story ${n}.${i}</title><link>https://example.com/${n}/${i}</link></item>`,
    )
    .join("")}</channel></rss>`;

const QUICK = [0, 1, 2, 3];
const SLOW = [4, 5, 6];

let server: FeedServer;
let pg: TestPostgres | string;
const held: (() => void)[] = [];
let arrived = 0;

beforeAll(async () => {
  pg = await startTestPostgres({}); // never an outside server: this test stops it
  server = await startFeedServer([
    http.get("*/quick/:n", ({ params }) => HttpResponse.xml(rss(Number(params.n)))),
  ]);
  server.useRaw((req, res) => {
    const m = req.url?.match(/^\/slow\/(\d+)$/);
    if (!m) return false;
    arrived++;
    held.push(() => res.writeHead(200, { "content-type": "application/rss+xml" }).end(rss(Number(m[1]))));
    return true;
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (typeof pg !== "string") pg.stop();
});

describe("a PostgreSQL server stopped under a running fetch", () => {
  it("fails the feeds it could not store, one line each, stores the rest, and half-writes nothing", async (ctx) => {
    if (typeof pg === "string") return ctx.skip(pg);
    const cluster = pg;
    await adminQuery(cluster.url, "CREATE DATABASE restart_test");
    const url = withDatabase(cluster.url, "restart_test");
    const feeds = [
      ...QUICK.map((n) => `  - { id: q${n}, url: "${server.url}/quick/${n}" }`),
      ...SLOW.map((n) => `  - { id: s${n}, url: "${server.url}/slow/${n}" }`),
    ].join("\n");
    const { dir, config } = tempConfig(
      `fetch: { retries: 0, timeout: 60s, perHost: 8, concurrency: 8 }\nfeeds:\n${feeds}\n`,
    );
    const run = runCli(["fetch", "--config", config], {
      cwd: dir,
      env: { FEEDWRIGHT_STORE: url, FEEDWRIGHT_LOG_LEVEL: "debug" },
    });
    // The quick feeds are stored by the time the slow ones are all waiting for their bodies.
    for (let i = 0; i < 2000 && arrived < SLOW.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(arrived).toBe(SLOW.length);
    const quickStored = async () => {
      const db = await openStore(url);
      try {
        return (await listFeeds(db)).filter((f) => f.lastSuccess !== null).length;
      } finally {
        await db.close();
      }
    };
    for (let i = 0; i < 2000 && (await quickStored()) < QUICK.length; i++)
      await new Promise((r) => setTimeout(r, 10));
    cluster.halt!();
    for (const release of held) release();
    const r = await run;
    cluster.resume!();

    const password = new URL(cluster.url).password;
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const n of QUICK) expect(r.stdout).toMatch(new RegExp(`^q${n}\\s+ok\\s+200\\s+3\\b`, "m"));
    for (const n of SLOW) {
      const line = r.stdout.split("\n").find((l) => l.startsWith(`s${n} `));
      expect(line).toMatch(/FAILED/);
      expect(line).toContain("/restart_test: ");
    }
    const db = await openStore(url);
    try {
      const entries = await entriesBetween(db, "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
      expect(entries.map((e) => e.feedId).sort()).toEqual(QUICK.flatMap((n) => [`q${n}`, `q${n}`, `q${n}`]));
      for (const f of await listFeeds(db)) {
        // A slow feed's state is as the run found it: no success, no entries counted, no half of a poll.
        if (f.feedId.startsWith("s"))
          expect(f).toMatchObject({ lastSuccess: null, entriesSeen: 0, etag: null });
        else expect(f).toMatchObject({ entriesSeen: 3 });
      }
    } finally {
      await db.close();
    }
  });
});
