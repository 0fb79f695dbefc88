/**
 * Several `feedwright daemon` processes on one real PostgreSQL store, polling feeds on a loopback
 * server that records every request: each feed polled by one daemon at a time and not again within
 * its interval, perHost held across the fleet, every item stored once, a stalled daemon fenced off.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimHolders } from "../../src/store/claims.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { newPostgresDatabase, postgresAdmin } from "../support/engines.ts";
import { type FleetServer, startFleetServer } from "../support/fleet-server.ts";
import { type DaemonChild, spawnDaemon } from "./child.ts";

const HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: FleetServer | undefined;
const children: DaemonChild[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) {
      c.proc.kill("SIGCONT");
      c.proc.kill("SIGKILL");
    }
  }
  for (const db of dbs.splice(0)) await db.close();
  await server?.close();
  server = undefined;
});

/** A folder with feeds.yaml listing `urls`, and the env pointing at a new PostgreSQL database. */
async function fleetConfig(
  urls: string[],
  settings: string,
): Promise<{ config: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-fleet-"));
  const config = join(dir, "feeds.yaml");
  writeFileSync(
    config,
    `${settings}
feeds:
${urls.map((u, i) => `  - { id: f${i}, url: "${u}" }`).join("\n")}
`,
  );
  return { config, env: { FEEDWRIGHT_STORE: await newPostgresDatabase() } };
}

function daemon(config: string, env: Record<string, string>): DaemonChild {
  const c = spawnDaemon(["--config", config, "--listen", "127.0.0.1:0"], env);
  children.push(c);
  return c;
}

/** Each feed's requests, in order. */
function byFeed(s: FleetServer): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of s.requests) out.set(r.feed, [...(out.get(r.feed) ?? []), r.at]);
  return out;
}

/** Every served item is stored as exactly one entry with exactly one source. */
async function expectStoredOnce(db: Db, s: FleetServer): Promise<void> {
  const n = async (sql: string) => Number((await db.get<{ n: number | string }>(sql))!.n);
  expect(await n("SELECT COUNT(*) AS n FROM entries")).toBe(s.served.size);
  expect(await n("SELECT COUNT(DISTINCT url) AS n FROM entries")).toBe(s.served.size);
  expect(await n("SELECT COUNT(*) AS n FROM entry_sources")).toBe(s.served.size);
}

describe.runIf(postgresAdmin())("several daemons on one PostgreSQL (processes)", () => {
  it("three daemons, 300 feeds: each feed once per interval, perHost across the fleet, every item stored once", async () => {
    server = await startFleetServer({ hosts: HOSTS, count: 300, delayMs: 40, itemEveryMs: 3_000 });
    const interval = 8_000;
    const { config, env } = await fleetConfig(
      server.urls,
      "fetch: { interval: 8s, retries: 0, perHost: 2, concurrency: 8 }\ndaemon: { leaseTtl: 5s }",
    );
    const ds = [daemon(config, env), daemon(config, env), daemon(config, env)];
    await Promise.all(ds.map((d) => d.url));
    // Until every feed was polled and a good share of them twice (the machine may be slow: no fixed time).
    for (let t = 0; t < 120 && (byFeed(server).size < 300 || server.requests.length < 450); t++) await sleep(500);
    for (const d of ds) d.proc.kill("SIGTERM");
    expect(await Promise.all(ds.map((d) => d.exit))).toEqual([0, 0, 0]);

    const errors = ds.flatMap((d) => d.logs.filter((l) => l.level !== undefined && Number(l.level) >= 40));
    expect(errors.slice(0, 5)).toEqual([]);
    const polls = byFeed(server);
    expect(polls.size).toBe(300);
    // Never twice within the interval (less the second the stored poll time is rounded down to).
    for (const [, times] of polls)
      for (let k = 1; k < times.length; k++)
        expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(interval - 1_000);
    for (const h of HOSTS) expect(server.maxInFlight.get(h)).toBeLessThanOrEqual(2);
    // The work was shared: every daemon polled.
    for (const d of ds) expect(d.logs.filter((l) => l.msg === "poll").length).toBeGreaterThan(0);
    const db = await openStore(env.FEEDWRIGHT_STORE!);
    dbs.push(db);
    await expectStoredOnce(db, server);
    // SIGTERM gave every claim back.
    for (const [, h] of await claimHolders(db, new Date())) expect(h.heldBy).toBeNull();
  }, 90_000);
});
