/**
 * bench/fetch: `feedwright fetch` over N generated feeds (10–200 KB) served with a 50 ms delay from 50
 * loopback addresses, first pass (200s) and second pass (304s), against newsboat on the same URLs.
 * Usage: node bench/fetch.ts [N=1000] [CONCURRENCY=16] [--corpus realistic|plain] [--store postgres://…]
 * --corpus: the feeds' shape (fetch-corpus.ts); realistic by default, plain is the first bench's corpus.
 * --store: an empty PostgreSQL database to store into instead of a SQLite file in the temp folder
 * (the server's own CPU per pass is printed too; bench/pg-cluster.ts runs this on a throwaway cluster).
 * Env: BENCH_SKIP_NEWSBOAT=1, BENCH_NEWSBOAT_LIMIT_S (default 150: each newsboat pass is stopped then),
 * BENCH_NODE_OPTIONS (e.g. --cpu-prof) for feedwright's passes, BENCH_KEEP=1 to keep the temporary
 * folder (store, configs, newsboat cache). Needs /usr/bin/time and newsboat.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createFetcher } from "../src/reader/http/fetch.ts";
import { hostOf, runPerHost } from "../src/reader/http/hostlimit.ts";
import { CORPORA, type Corpus, feed } from "./fetch-corpus.ts";
import { serverCpu, serverCpuText } from "./server-cpu.ts";

const storeAt = process.argv.indexOf("--store");
const STORE = storeAt > 0 ? process.argv.splice(storeAt, 2)[1]! : "state.db";
// PostgreSQL's own CPU for each feedwright pass, when the store is a server on this machine.
const server = /^postgres(ql)?:\/\//i.test(STORE) ? await serverCpu(STORE) : null;
const corpusAt = process.argv.indexOf("--corpus");
const CORPUS = (corpusAt > 0 ? process.argv.splice(corpusAt, 2)[1] : "realistic") as Corpus;
if (!CORPORA.includes(CORPUS)) {
  console.error(
    `bench/fetch: --corpus: must be one of ${CORPORA.join(", ")} (got ${JSON.stringify(CORPUS)})`,
  );
  process.exit(2);
}
const N = Number(process.argv[2] ?? 1000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const HOSTS = 50;
const DELAY_MS = 50;
const MODIFIED = "Wed, 14 Jan 2026 12:00:00 GMT";
const CLI = join(import.meta.dirname, "../src/cli.ts");

interface Counters {
  bytes: number;
  status: Record<number, number>;
  /** performance.now() of the first request and the last response of a pass. */
  first: number;
  last: number;
}

async function serve(): Promise<{ urls: string[]; counters: Counters; close: () => Promise<void> }> {
  const bodies = new Map<string, { body: Buffer; etag: string }>();
  const counters: Counters = { bytes: 0, status: {}, first: 0, last: 0 };
  const handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const entry = bodies.get(req.url ?? "");
    if (counters.first === 0) counters.first = performance.now();
    setTimeout(() => {
      counters.last = performance.now();
      const fresh =
        req.headers["if-none-match"] === entry?.etag || req.headers["if-modified-since"] === MODIFIED;
      const status = !entry ? 404 : fresh ? 304 : 200;
      counters.status[status] = (counters.status[status] ?? 0) + 1;
      if (status !== 200)
        return res.writeHead(status, entry ? { etag: entry.etag, "last-modified": MODIFIED } : {}).end();
      counters.bytes += entry!.body.length;
      res
        .writeHead(200, {
          "content-type": "application/rss+xml; charset=utf-8",
          "content-length": entry!.body.length,
          etag: entry!.etag,
          "last-modified": MODIFIED,
        })
        .end(entry!.body);
    }, DELAY_MS);
  };
  const servers: Server[] = [];
  let port = 0;
  for (let h = 1; h <= HOSTS; h++) {
    const s = createServer({ keepAliveTimeout: 30_000 }, handler);
    await new Promise<void>((resolve) => s.listen(port, `127.0.0.${h}`, resolve));
    port = (s.address() as AddressInfo).port;
    servers.push(s);
  }
  const urls: string[] = [];
  for (let i = 0; i < N; i++) {
    const host = `127.0.0.${(i % HOSTS) + 1}:${port}`;
    const path = `/feeds/${i}.xml`;
    bodies.set(path, { body: feed(CORPUS, i, host), etag: `"v${i}"` });
    urls.push(`http://${host}${path}`);
  }
  const close = async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  };
  return { urls, counters, close };
}

/** What one timed child run measured. */
interface Timed {
  ms: number;
  rssKb: number;
  /** User + system CPU seconds: on a 2-CPU machine, CPU / 2 is a floor of its own. */
  cpuS: number;
  stdout: string;
  stderr: string;
  stopped: boolean;
}

/** Run `cmd` under /usr/bin/time; wall time measured here, peak RSS (KB) and CPU from time(1); stopped at `limitMs`. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, limitMs: number) {
  return new Promise<Timed>((resolve, reject) => {
    const start = performance.now();
    // Its own process group, so a stopped run ends newsboat too (time(1) does not pass signals on).
    const child = spawn("/usr/bin/time", ["-f", "RSS_KB %M CPU_S %U %S", cmd, ...args], {
      env,
      cwd,
      detached: true,
    });
    let stopped = false;
    const limit = setTimeout(() => {
      stopped = true;
      process.kill(-child.pid!, "SIGKILL");
    }, limitMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(limit);
      const ms = performance.now() - start;
      const rss = /RSS_KB (\d+)/.exec(stderr);
      const cpu = /CPU_S ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 && !stopped) return reject(new Error(`${cmd} exited ${code}: ${stderr.slice(-500)}`));
      const cpuS = cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN;
      resolve({ ms, rssKb: rss ? Number(rss[1]) : Number.NaN, cpuS, stdout, stderr, stopped });
    });
  });
}

const { urls, counters, close } = await serve();
const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-fetch-"));
// The store and newsboat's cache come to ~250 MB a run: removed at the end unless BENCH_KEEP is set.
const cleanUp = () => {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
};
writeFileSync(
  join(dir, "feeds.yaml"),
  `store: ${JSON.stringify(STORE)}\nfetch:\n  concurrency: ${CONCURRENCY}\n  perHost: 2\n  timeout: 60s\nfeeds:\n${urls.map((u, i) => `  - id: f${i}\n    url: ${u}\n`).join("")}`,
);
writeFileSync(join(dir, "urls"), `${urls.join("\n")}\n`);
writeFileSync(join(dir, "newsboat.conf"), `reload-threads ${CONCURRENCY}\ndownload-timeout 60\n`);

const floor = Math.ceil(N / CONCURRENCY) * DELAY_MS;
const env = {
  PATH: process.env.PATH ?? "",
  HOME: dir,
  CI: "true",
  FEEDWRIGHT_LOG_LEVEL: "warn",
  // e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile feedwright's passes.
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "",
};
const results: Record<
  string,
  { ms: number; rssKb: number; bytes: number; status: Record<number, number>; stopped: boolean }
> = {};
// newsboat is far slower here; each of its passes is cut off so the whole bench stays within minutes.
const NEWSBOAT_LIMIT_MS = Number(process.env.BENCH_NEWSBOAT_LIMIT_S ?? 150) * 1000;
async function pass(name: string, cmd: string, args: string[], limitMs = 600_000) {
  counters.bytes = 0;
  counters.status = {};
  counters.first = 0;
  const start = performance.now();
  const cpu0 = server && "seconds" in server ? server.seconds() : 0;
  const r = await timed(cmd, args, env, dir, limitMs);
  const end = performance.now();
  const serverText = server && cmd === process.execPath ? `  ${serverCpuText(server, cpu0)}` : "";
  results[name] = {
    ms: r.ms,
    rssKb: r.rssKb,
    bytes: counters.bytes,
    status: { ...counters.status },
    stopped: r.stopped,
  };
  if (r.stopped) {
    const done = Object.values(counters.status).reduce((a, b) => a + b, 0);
    console.log(
      `${name.padEnd(22)} > ${(limitMs / 1000).toFixed(0)} s: stopped, ${done}/${N} responses by then, ${(counters.bytes / 1048576).toFixed(1)} MB body, ${JSON.stringify(counters.status)}`,
    );
    return;
  }
  const summary = r.stdout.trim().split("\n").at(-1) ?? "";
  console.log(
    `${name.padEnd(22)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(r.ms / floor).toFixed(2)}x floor  CPU ${r.cpuS.toFixed(1).padStart(5)} s  peak RSS ${(r.rssKb / 1024).toFixed(0).padStart(4)} MB  ${(counters.bytes / 1048576).toFixed(1).padStart(6)} MB body  ${JSON.stringify(counters.status)}  start ${((counters.first - start) / 1000).toFixed(2)} s, requests ${((counters.last - counters.first) / 1000).toFixed(2)} s, exit ${((end - counters.last) / 1000).toFixed(2)} s${serverText}${cmd === process.execPath ? `  | ${summary}` : ""}`,
  );
}

console.log(
  `bench/fetch: ${N} feeds (${CORPUS} corpus), ${HOSTS} loopback hosts, ${DELAY_MS} ms delay, concurrency ${CONCURRENCY}; floor ceil(N/c)x${DELAY_MS}ms = ${floor} ms`,
);
console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model}, Node ${process.version}`);
const fw = [CLI, "fetch", "--config", "feeds.yaml", "--quiet"];
await pass("feedwright 1 (200s)", process.execPath, fw);
await pass("feedwright 2 (304s)", process.execPath, fw);
// The fetch layer alone (createFetcher + the per-host scheduler, bodies read then dropped): what the
// network part costs, without parsing and storing 50 000 entries on a 2-CPU machine.
async function fetchLayer(name: string, etags: Map<string, string>) {
  counters.bytes = 0;
  counters.status = {};
  const fetcher = createFetcher({ maxBytes: 10 << 20, connectTimeoutMs: 10_000, retries: 0, perHost: 2 });
  const rss0 = process.memoryUsage().rss;
  const start = performance.now();
  let wire = 0;
  await runPerHost(urls, hostOf, { concurrency: CONCURRENCY, perHost: 2 }, async (url) => {
    const r = await fetcher.fetch({ url, etag: etags.get(url), timeoutMs: 60_000, userAgent: "bench" });
    wire += r.bytes;
    if (r.etag) etags.set(url, r.etag);
  });
  const ms = performance.now() - start;
  await fetcher.close();
  console.log(
    `${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(ms / floor).toFixed(2)}x floor  RSS growth ${((process.memoryUsage().rss - rss0) / 1048576).toFixed(0).padStart(4)} MB  ${(wire / 1048576).toFixed(1).padStart(6)} MB received  ${JSON.stringify(counters.status)}`,
  );
}
const etags = new Map<string, string>();
await fetchLayer("fetch layer 1 (200s)", etags);
await fetchLayer("fetch layer 2 (304s)", etags);

if (process.env.BENCH_SKIP_NEWSBOAT) {
  await close();
  cleanUp();
  process.exit(0);
}
const nb = ["-x", "reload", "-u", "urls", "-c", "cache.db", "-C", "newsboat.conf"];
try {
  await pass("newsboat 1 (200s)", "newsboat", nb, NEWSBOAT_LIMIT_MS);
  await pass("newsboat 2 (304s)", "newsboat", nb, NEWSBOAT_LIMIT_MS);
  for (const p of ["1 (200s)", "2 (304s)"]) {
    const nbr = results[`newsboat ${p}`]!;
    const ratio = results[`feedwright ${p}`]!.ms / nbr.ms;
    console.log(`pass ${p}: feedwright/newsboat wall time ${nbr.stopped ? "<" : "="} ${ratio.toFixed(2)}`);
  }
} catch (err) {
  console.log(`newsboat not run: ${(err as Error).message.split("\n")[0]}`);
}
await close();
cleanUp();
