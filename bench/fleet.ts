/**
 * Several daemons on one PostgreSQL: polls per second with 1, 2 and 3 daemon processes, and how long
 * the others take to poll a killed daemon's claimed feeds. Prints figures; bench/README.md keeps them.
 *
 * Usage: node bench/fleet.ts --admin postgres://user:pw@127.0.0.1:5432/postgres [N=2000] [SECONDS=20] [TTL=30s]
 * --admin: a server where this may create databases (fleet_bench_*); N feeds answer after 50 ms.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startFleetServer } from "../tests/support/fleet-server.ts";

const at = process.argv.indexOf("--admin");
if (at < 0) {
  console.error("usage: node bench/fleet.ts --admin postgres://… [N=2000] [SECONDS=20] [TTL=30s]");
  process.exit(2);
}
const admin = process.argv[at + 1]!;
const rest = process.argv.slice(2).filter((a, i) => i !== at - 2 && a !== admin);
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

function start(config: string, store: string) {
  const proc = spawn(
    process.execPath,
    ["src/cli.ts", "daemon", "--config", config, "--listen", "127.0.0.1:0"],
    {
      cwd: join(import.meta.dirname, ".."),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        FEEDWRIGHT_STORE: store,
        FEEDWRIGHT_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "ignore"],
    },
  );
  return { proc, exit: new Promise((r) => proc.on("close", r)) };
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
for (const k of [1, 2, 3]) {
  const store = await database(`fleet_bench_${stamp}_${k}`);
  const ds = Array.from({ length: k }, () => start(busy, store));
  await sleep(5_000); // start-up and the first spread
  const from = server.requests.length;
  await sleep(SECONDS * 1000);
  const polls = server.requests.length - from;
  for (const d of ds) d.proc.kill("SIGTERM");
  await Promise.all(ds.map((d) => d.exit));
  rates.push(polls / SECONDS);
  console.log(
    `${k} daemon(s): ${(polls / SECONDS).toFixed(1)} polls/s (${(polls / SECONDS / rates[0]!).toFixed(2)}x one)`,
  );
}

// Takeover: two daemons polling 300 feeds every 10 s, A killed while it holds claims; how long until
// B polls each of A's feeds (B finds them held, and looks again when the claim would expire).
const calm = write("calm.yaml", "10s", 300);
const store = await database(`fleet_bench_${stamp}_takeover`);
const b = start(calm, store);
await sleep(3_000);
const a = start(calm, store);
await sleep(15_000);
const db = new pg.Client({ connectionString: store });
await db.connect();
const pid = a.proc.pid!;
const held = await db.query<{ feed_id: string }>(
  "SELECT feed_id FROM feeds WHERE claim_owner IS NOT NULL AND claim_by LIKE $1",
  [`%/${pid}`],
);
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
