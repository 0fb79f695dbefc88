/**
 * Several `feedwright daemon` processes on one real PostgreSQL store, polling feeds on a loopback
 * server that records every request: each feed polled by one daemon at a time and not again within
 * its interval, perHost held across the fleet, every item stored once, a stalled daemon fenced off.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { claimHolders } from "../../src/store/claims.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { getSlot } from "../../src/store/slots.ts";
import { git, makeRepos } from "../publish/repos.ts";
import { newPostgresDatabase, postgresAdmin } from "../support/engines.ts";
import { startFakeGithub } from "../support/fake-github.ts";
import { type FleetServer, startFleetServer } from "../support/fleet-server.ts";
import { adminQuery, startTestPostgres, withDatabase } from "../support/postgres-cluster.ts";
import { type DaemonChild, spawnDaemon, spawnNode } from "./child.ts";

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
    for (let t = 0; t < 120 && (byFeed(server).size < 300 || server.requests.length < 450); t++)
      await sleep(500);
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

  it("a daemon stalled past its claim (SIGSTOP) has its late write refused and counted; nothing is stored twice", async () => {
    // One feed: feeds due together at start are spread over the interval, the first polled at once.
    server = await startFleetServer({ hosts: HOSTS, count: 1, delayMs: 10, itemEveryMs: 1_000_000 });
    const { config, env } = await fleetConfig(
      server.urls,
      "fetch: { interval: 1h, retries: 0 }\ndaemon: { leaseTtl: 2s }",
    );
    const held = server.holdWhen((feed) => feed === "0");
    const a = daemon(config, env);
    const aUrl = await a.url;
    await held.arrived;
    a.proc.kill("SIGSTOP");
    held.release(); // the response waits in the stopped daemon's socket
    await sleep(3_000); // past the 2s claim
    const b = daemon(config, env);
    await b.waitLog((l) => l.msg === "poll" && l.feed === "f0" && l.outcome === "ok");
    a.proc.kill("SIGCONT");
    const refused = await a.waitLog((l) => l.msg === "late write refused: claim lost");
    expect(refused).toMatchObject({
      feed: "f0",
      owner: expect.stringMatching(new RegExp(`/${a.proc.pid}$`)),
    });
    expect(String(refused.err)).toContain(`/${b.proc.pid} claimed the feed`);
    const metrics = await (await fetch(`${aUrl}/metrics`)).text();
    expect(metrics).toMatch(/^feedwright_fenced_writes_refused_total 1$/m);
    expect(metrics).toMatch(/^feedwright_claims_lost_total 1$/m);
    // A carries on: still ready, and stops cleanly.
    expect((await fetch(`${aUrl}/readyz`)).status).toBe(200);
    for (const d of [a, b]) d.proc.kill("SIGTERM");
    expect(await Promise.all([a.exit, b.exit])).toEqual([0, 0]);
    const db = await openStore(env.FEEDWRIGHT_STORE!);
    dbs.push(db);
    await expectStoredOnce(db, server);
    expect((await claimHolders(db, new Date())).get("f0")?.polledBy).toMatch(new RegExp(`/${b.proc.pid}$`));
  }, 60_000);

  it("kill -9 at random moments, 20 times: the others take the feeds over; no entry lost or stored twice", async () => {
    server = await startFleetServer({ hosts: HOSTS, count: 30, delayMs: 150, itemEveryMs: 2_000, keep: 10 });
    const { config, env } = await fleetConfig(
      server.urls,
      "fetch: { interval: 2s, retries: 0, perHost: 3 }\ndaemon: { leaseTtl: 2s }",
    );
    const survivor = daemon(config, env);
    await survivor.url;
    for (let k = 0; k < 20; k++) {
      const d = daemon(config, env);
      await d.url;
      await sleep(200 + Math.random() * 1_300);
      d.proc.kill("SIGKILL");
      await d.exit;
    }
    // After the last kill every feed is polled again (its claims expired, taken over), with the newest items.
    const killedAt = Date.now();
    const since = () => new Set(server!.requests.filter((r) => r.at > killedAt + 2_500).map((r) => r.feed));
    for (let t = 0; t < 120 && since().size < 30; t++) await sleep(500);
    expect(since().size).toBe(30);
    await survivor.waitLog(
      (l) => l.msg === "poll",
      survivor.logs.filter((l) => l.msg === "poll").length + 30,
    );
    survivor.proc.kill("SIGTERM");
    expect(await survivor.exit).toBe(0);
    const db = await openStore(env.FEEDWRIGHT_STORE!);
    dbs.push(db);
    await expectStoredOnce(db, server);
  }, 180_000);

  it("a one-off fetch skips the feed a daemon is polling and says by whom", async () => {
    server = await startFleetServer({ hosts: HOSTS, count: 1, delayMs: 10, itemEveryMs: 1_000_000 });
    const { config, env } = await fleetConfig(server.urls, "fetch: { interval: 1h, retries: 0 }");
    const held = server.holdWhen((feed) => feed === "0");
    const a = daemon(config, env);
    await held.arrived;
    const me = `${hostname()}/${a.proc.pid}`;
    const run = spawnNode(["src/cli.ts", "--config", config, "fetch"], env);
    children.push(run);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain(`polled by ${me}`);
    expect(server.requests).toHaveLength(1);
    // Who holds the feed shows in /feeds and `feedwright feeds`.
    const aUrl = await a.url;
    const table = (await (await fetch(`${aUrl}/feeds`)).json()) as { feeds: Record<string, unknown>[] };
    expect(table.feeds[0]).toMatchObject({ id: "f0", heldBy: me, lastPolledBy: null });
    const list = spawnNode(["src/cli.ts", "--config", config, "feeds", "--json"], env);
    expect(await list.exit).toBe(0);
    expect(JSON.parse(list.stdout())[0]).toMatchObject({ id: "f0", heldBy: me });
    held.release();
    await a.waitLog((l) => l.msg === "poll" && l.feed === "f0" && l.outcome === "ok");
    const after = (await (await fetch(`${aUrl}/feeds`)).json()) as { feeds: Record<string, unknown>[] };
    expect(after.feeds[0]).toMatchObject({ heldBy: null, lastPolledBy: me });
    const text = spawnNode(["src/cli.ts", "--config", config, "feeds"], env);
    expect(await text.exit).toBe(0);
    expect(text.stdout()).toMatch(new RegExp(`POLLED BY[\\s\\S]*f0 .* ${me}\\b`));
    expect(await (await fetch(`${aUrl}/metrics`)).text()).toMatch(/^feedwright_claims_taken_total 1$/m);
    // Once the daemon is done, the feed is the run's to poll.
    const again = spawnNode(["src/cli.ts", "--config", config, "fetch"], env);
    children.push(again);
    expect(await again.exit).toBe(0);
    expect(again.stdout()).not.toContain("polled by");
    expect(server.requests).toHaveLength(2);
  }, 60_000);

  it("PostgreSQL stopped and started again under two daemons: not ready meanwhile, then they resume and lose nothing", async (ctx) => {
    // A server of its own: the run's shared one must not go away under the other tests.
    const pgServer = await startTestPostgres({});
    if (typeof pgServer === "string" || !pgServer.halt || !pgServer.resume) return ctx.skip();
    onTestFinished(() => pgServer.stop());
    await adminQuery(pgServer.url, "CREATE DATABASE fleet");
    server = await startFleetServer({ hosts: HOSTS, count: 30, delayMs: 20, itemEveryMs: 2_000, keep: 20 });
    const { config } = await fleetConfig(
      server.urls,
      "fetch: { interval: 2s, retries: 0, perHost: 3 }\ndaemon: { leaseTtl: 2s }",
    );
    const env = { FEEDWRIGHT_STORE: withDatabase(pgServer.url, "fleet") };
    const ds = [daemon(config, env), daemon(config, env)];
    const urls = await Promise.all(ds.map((d) => d.url));
    const ready = async (u: string) =>
      (
        await fetch(`${u}/readyz`).catch((err) => {
          throw new Error(`${err}: ${ds.map((d) => d.stderr().slice(-3000)).join("\n---\n")}`);
        })
      ).status;
    const until = async (what: () => Promise<boolean> | boolean) => {
      for (let t = 0; t < 240 && !(await what()); t++) await sleep(250);
      expect(await what()).toBe(true);
    };
    await until(
      async () =>
        byFeed(server!).size === 30 && (await ready(urls[0]!)) === 200 && (await ready(urls[1]!)) === 200,
    );
    pgServer.halt();
    await until(async () => (await ready(urls[0]!)) === 503 && (await ready(urls[1]!)) === 503);
    await sleep(2_000);
    pgServer.resume();
    const back = Date.now();
    await until(async () => (await ready(urls[0]!)) === 200 && (await ready(urls[1]!)) === 200);
    // Every feed polled and stored again after the restart.
    const since = () => new Set(server!.requests.filter((r) => r.at > back + 1_000).map((r) => r.feed));
    await until(() => since().size === 30);
    await sleep(2_500);
    for (const d of ds) d.proc.kill("SIGTERM");
    expect(await Promise.all(ds.map((d) => d.exit))).toEqual([0, 0]);
    for (const d of ds)
      expect(
        d.logs.filter((l) => l.msg === "store unreachable: not ready; retrying with backoff"),
      ).toHaveLength(1);
    const db = await openStore(env.FEEDWRIGHT_STORE);
    dbs.push(db);
    await expectStoredOnce(db, server);
  }, 180_000);

  it("kill -9 mid-draft, then 19 times at random moments: the slot is drafted and published once, one pull request", async () => {
    // The latest Thursday 09:00 UTC slot before now; the feeds' items fall in that draft's window.
    const now = Date.now();
    let slot = Date.UTC(
      new Date(now).getUTCFullYear(),
      new Date(now).getUTCMonth(),
      new Date(now).getUTCDate(),
      9,
    );
    while (new Date(slot).getUTCDay() !== 4 || slot > now) slot -= 86_400_000;
    server = await startFleetServer({
      hosts: HOSTS,
      count: 3,
      delayMs: 10,
      itemEveryMs: 1e9,
      firstDate: slot - 86_400_000,
    });
    const github = await startFakeGithub("acme/news");
    onTestFinished(() => github.close());
    const repos = makeRepos();
    const config = join(repos.work, "feeds.yaml");
    writeFileSync(
      config,
      `timezone: UTC
fetch: { interval: 1h, retries: 0 }
daemon: { leaseTtl: 2s }
feeds:
${server.urls.map((u, i) => `  - { id: f${i}, url: "${u}" }`).join("\n")}
digests:
  - { id: weekly, title: Weekly, schedule: "0 9 * * 4", output: "drafts/{date}-weekly.md" }
publish:
  repo: .
  github: { repository: acme/news, apiUrl: "${github.apiUrl}", tokenEnv: GH_PUBLISH_TOKEN }
`,
    );
    const env = {
      FEEDWRIGHT_STORE: await newPostgresDatabase(),
      GH_PUBLISH_TOKEN: "t",
      GIT_CONFIG_NOSYSTEM: "1",
    };
    // The first daemon drafts the missed slot at start, polling the due feeds first: it is killed there.
    const held = server.holdWhen(() => true);
    const first = daemon(config, env);
    await held.arrived;
    const db = await openStore(env.FEEDWRIGHT_STORE);
    dbs.push(db);
    const at = new Date(slot).toISOString();
    for (let t = 0; t < 120 && (await getSlot(db, "weekly", at))?.status !== "started"; t++) await sleep(250);
    expect(await getSlot(db, "weekly", at)).toMatchObject({ status: "started" });
    first.proc.kill("SIGKILL");
    await first.exit;
    held.release();
    // 19 more daemons started and killed at random moments (20 kills in all): before, during or after
    // drafting and publishing.
    for (let k = 0; k < 19; k++) {
      const d = daemon(config, env);
      await d.url;
      await sleep(Math.random() * 2_500);
      d.proc.kill("SIGKILL");
      await d.exit;
    }
    const last = daemon(config, env);
    await last.url;
    for (let t = 0; t < 240 && (await getSlot(db, "weekly", at))?.status !== "written"; t++) await sleep(500);
    const said = last.logs.filter((l) => Number(l.level) >= 40 || String(l.msg).startsWith("draft"));
    expect({ slot: await getSlot(db, "weekly", at), said }).toMatchObject({ slot: { status: "written" } });
    last.proc.kill("SIGTERM");
    expect(await last.exit).toBe(0);
    expect(github.created).toHaveLength(1);
    const date = at.slice(0, 10);
    // One feedwright commit of the draft on the branch, whoever made it.
    const log = git(repos.bare, "log", "--format=%s", `digest/weekly/${date}`, "--not", "main");
    expect(log.split("\n")).toHaveLength(1);
  }, 240_000);
});
