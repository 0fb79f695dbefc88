/**
 * Several daemons on one PostgreSQL: polls per second with 1, 2 and 3 daemon processes, and how long
 * the others take to poll a killed daemon's claimed feeds. Prints figures; bench/README.md keeps them.
 *
 * Usage: node bench/fleet.ts --admin postgres://user:pw@127.0.0.1:5432/postgres [--rates-only] [N=2000] [SECONDS=20] [TTL=30s]
 * --admin: a server where this may create databases (fleet_bench_*); N feeds answer after 50 ms.
 * --rates-only: skip the takeover trial. CPU per 1,000 polls is read from /proc (PostgreSQL's only
 * when the server runs on this machine).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startFleetServer } from "../tests/support/fleet-server.ts";
import { cpuOf, machineCpu, parentOf, postgresCpu } from "./proc-cpu.ts";

const at = process.argv.indexOf("--admin");
if (at < 0) {
  console.error("usage: node bench/fleet.ts --admin postgres://… [N=2000] [SECONDS=20] [TTL=30s]");
  process.exit(2);
}
const admin = process.argv[at + 1]!;
const ratesOnly = process.argv.includes("--rates-only");
const rest = process.argv.slice(2).filter((a, i) => i !== at - 2 && a !== admin && a !== "--rates-only");
const N = Number(rest[0] ?? 2000);
const SECONDS = Number(rest[1] ?? 20);
const TTL = rest[2] ?? "30s";
const HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function database(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

// FLEET_CPU_PROF=dir: each daemon writes a V8 CPU profile there when it stops (where its time goes).
const profile = process.env.FLEET_CPU_PROF
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FLEET_CPU_PROF}`]
  : [];

function start(config: string, store: string) {
  const proc = spawn(
    process.execPath,
    [...profile, "src/cli.ts", "daemon", "--config", config, "--listen", "127.0.0.1:0"],
    {
      cwd: join(import.meta.dirname, ".."),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        FEEDWRIGHT_STORE: store,
        FEEDWRIGHT_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  // Polling begins right after the daemon says it listens (its feeds read, its claimer ready).
  const listening = new Promise<void>((resolve) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      if (out.includes("listening on")) resolve();
    });
    proc.on("close", () => resolve());
  });
  return { proc, listening, exit: new Promise((r) => proc.on("close", r)) };
}

/** The PostgreSQL server's main pid when it runs on this machine (its CPU is then read from /proc), else null. */
async function postmasterPid(): Promise<number | null> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const parent = parentOf(rows[0]!.pid);
  await c.end();
  return parent;
}

/** CPU seconds so far: the daemons', PostgreSQL's, this process's (the feed server), the machine's. */
function cpuNow(pids: number[], postmaster: number | null) {
  const self = process.cpuUsage();
  return {
    daemons: pids.reduce((a, pid) => a + cpuOf(pid), 0),
    pg: postmaster === null ? Number.NaN : postgresCpu(postmaster),
    server: (self.user + self.system) / 1e6,
    machine: machineCpu(),
  };
}

const server = await startFleetServer({ hosts: HOSTS, count: N, delayMs: 50, itemEveryMs: 1e9 });
const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-fleet-"));
const write = (name: string, interval: string, count = N) => {
  const path = join(dir, name);
  writeFileSync(
    path,
    `fetch: { interval: ${interval}, retries: 0, concurrency: 8, perHost: 8 }\ndaemon: { leaseTtl: ${TTL} }\nfeeds:\n${server.urls
      .slice(0, count)
      .map((u, i) => `  - { id: f${i}, url: "${u}" }`)
      .join("\n")}\n`,
  );
  return path;
};
// Every feed always due: the daemons' capacity, not the schedule, sets the pace.
const busy = write("busy.yaml", "1s");
const stamp = Date.now();
const rates: number[] = [];
const postmaster = await postmasterPid();
const per1k = (sec: number, polls: number) => ((sec / polls) * 1000).toFixed(2);
for (const k of [1, 2, 3]) {
  const store = await database(`fleet_bench_${stamp}_${k}`);
  const ds = Array.from({ length: k }, () => start(busy, store));
  // Counted from when every daemon polls (a slow start of the last one is not the fleet's rate) and
  // every feed has been polled once: the window then holds the same kind of polls (a feed seen
  // before) however many daemons run, where a short run of one daemon was mostly first polls.
  const started = server.requests.length;
  await Promise.all(ds.map((d) => d.listening));
  const firsts = new Set<string>();
  const giveUp = Date.now() + 180_000;
  for (let i = started; firsts.size < N && Date.now() < giveUp; await sleep(200))
    for (; i < server.requests.length; i++) firsts.add(server.requests[i]!.feed);
  await sleep(2_000);
  const pids = ds.map((d) => d.proc.pid!);
  const from = server.requests.length;
  const before = cpuNow(pids, postmaster);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const polls = server.requests.length - from;
  const after = cpuNow(pids, postmaster);
  const wall = (performance.now() - t0) / 1000;
  for (const d of ds) d.proc.kill("SIGTERM");
  await Promise.all(ds.map((d) => d.exit));
  rates.push(polls / wall);
  const busyShare = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
  console.log(
    `${k} daemon(s): ${(polls / wall).toFixed(1)} polls/s (${(polls / wall / rates[0]!).toFixed(2)}x one); ` +
      `CPU s per 1,000 polls: daemons ${per1k(after.daemons - before.daemons, polls)}, ` +
      `PostgreSQL ${per1k(after.pg - before.pg, polls)}, feed server ${per1k(after.server - before.server, polls)}; ` +
      `machine ${(busyShare * 100).toFixed(0)}% busy, load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

if (ratesOnly) {
  await server.close();
  process.exit(0);
}

// Takeover: two daemons polling 300 feeds every 10 s, A killed while it holds claims (mid-poll); how
// long until B polls each of them (B finds them held, and looks again when the claim would expire).
const calm = write("calm.yaml", "10s", 300);
const store = await database(`fleet_bench_${stamp}_takeover`);
const b = start(calm, store);
await sleep(3_000);
const a = start(calm, store);
await sleep(15_000);
const db = new pg.Client({ connectionString: store });
await db.connect();
const pid = a.proc.pid!;
// A claim lives only while its poll runs (the poll's last write gives it back), so A holds one for
// ~50 ms at a time: look until it holds some, and kill it right then, mid-poll.
let held = { rows: [] as { feed_id: string }[] };
for (const until = Date.now() + 30_000; held.rows.length === 0 && Date.now() < until; ) {
  held = await db.query<{ feed_id: string }>(
    "SELECT feed_id FROM feeds WHERE claim_owner IS NOT NULL AND claim_by LIKE $1",
    [`%/${pid}`],
  );
}
a.proc.kill("SIGKILL");
const killed = Date.now();
await a.exit;
const ids = new Set(held.rows.map((r) => r.feed_id.slice(1)));
const taken = new Map<string, number>();
while (taken.size < ids.size && Date.now() - killed < 120_000) {
  for (const r of server.requests)
    if (r.at > killed && ids.has(r.feed) && !taken.has(r.feed)) taken.set(r.feed, r.at);
  await sleep(200);
}
const worst = Math.max(...[...taken.values()].map((t) => t - killed));
console.log(
  `takeover (leaseTtl ${TTL}): ${taken.size}/${ids.size} of the killed daemon's claimed feeds polled by the other, the last after ${(worst / 1000).toFixed(1)} s`,
);
await db.end();
b.proc.kill("SIGTERM");
await b.exit;
await server.close();
