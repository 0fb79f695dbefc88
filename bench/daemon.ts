/**
 * The daemon under a realistic load: N feeds at an interval, served by local feed servers on
 * 127.0.0.1..127.0.0.20 (so per-host limits apply as they would across real sites), for a wall-clock
 * duration. Reports the daemon's CPU %, RSS over time, and how polls spread: per-10s counts and the
 * most polls in flight at once, overall and per host, against fetch.concurrency and fetch.perHost.
 *
 * With --image the daemon runs as in the Docker image: the Dockerfile's ENV (NODE_OPTIONS, LD_PRELOAD of
 * jemalloc where libjemalloc2 is installed, MALLOC_*, NODE_COMPILE_CACHE in a fresh folder), its CMD's
 * node flags, and its compile-cache warm-up first. The "malloc:" line says which malloc the daemon ran with.
 *
 *   node bench/daemon.ts [--duration 10m] [--feeds 1000] [--interval 5m] [--hosts 20] [--latency 0ms] [--image] [--digest] [--node-flags=...]
 */
import { execSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { HttpResponse, http } from "msw";
import { formatDuration, parseDuration } from "../src/config/units.ts";
import { hostEnv, readImage } from "../tests/daemon/dockerfile.ts";
import { type FeedServer, startFeedServer } from "../tests/support/feed-server.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10m" },
    feeds: { type: "string", default: "1000" },
    interval: { type: "string", default: "5m" },
    hosts: { type: "string", default: "20" },
    /** Each response waits this long (e.g. 5s), so polls overlap and the limits have work to do. */
    latency: { type: "string", default: "0ms" },
    /**
     * A digest drafted every 5 minutes (and caught up at start, the store being new), so the drafting
     * modules are loaded and a draft of the whole window runs: memory after drafts, not only polls.
     */
    digest: { type: "boolean", default: false },
    /** Run the daemon with the Docker image's environment and warmed compile cache. */
    image: { type: "boolean", default: false },
    /** Extra node flags for the daemon, e.g. "--max-semi-space-size=1". */
    "node-flags": { type: "string", default: "" },
  },
});
const durationMs = parseDuration(values.duration);
const latencyMs = parseDuration(values.latency) ?? 0;
const feedCount = Number(values.feeds);
const hostCount = Number(values.hosts);
if (durationMs === null || !(feedCount > 0) || !(hostCount > 0 && hostCount < 250)) {
  console.error("usage: node bench/daemon.ts [--duration 10m] [--feeds 1000] [--interval 5m] [--hosts 20]");
  process.exit(2);
}
const CONCURRENCY = 16;
const PER_HOST = 2;

/** Ten items per feed; a new one every 10 minutes, so most polls are 304s and some store an entry. */
function feedXml(id: string, bucket: number): string {
  const items = Array.from({ length: 10 }, (_, i) => {
    const n = bucket - i;
    const date = new Date(n * 600_000).toUTCString();
    return `<item><title>${id} story ${n}</title><link>https://example.org/${id}/${n}</link><guid>${id}-${n}</guid><pubDate>${date}</pubDate><description>Story ${n} of ${id}, about kubernetes and observability.</description></item>`;
  }).join("");
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${id}</title><link>https://example.org/${id}</link>${items}</channel></rss>`;
}

let inFlight = 0;
let maxInFlight = 0;
const hostInFlight = new Map<string, number>();
let maxPerHost = 0;
const starts: number[] = [];
const handler = http.get("*/feed/:id", ({ params, request }) => {
  const id = String(params.id);
  const bucket = Math.floor(Date.now() / 600_000);
  const etag = `"${id}-${bucket}"`;
  if (request.headers.get("if-none-match") === etag) return new HttpResponse(null, { status: 304 });
  return new HttpResponse(feedXml(id, bucket), {
    headers: { "content-type": "application/rss+xml", etag },
  });
});
const servers: FeedServer[] = [];
for (let h = 1; h <= hostCount; h++) {
  const s = await startFeedServer([handler], { host: `127.0.0.${h}` });
  s.useRaw((req, res) => {
    const host = req.headers.host ?? "";
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const n = (hostInFlight.get(host) ?? 0) + 1;
    hostInFlight.set(host, n);
    maxPerHost = Math.max(maxPerHost, n);
    starts.push(Date.now());
    res.on("close", () => {
      inFlight--;
      hostInFlight.set(host, (hostInFlight.get(host) ?? 1) - 1);
    });
    if (latencyMs === 0) return false;
    return new Promise<boolean>((resolve) => setTimeout(() => resolve(false), latencyMs));
  });
  servers.push(s);
}

const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-"));
const feeds = Array.from({ length: feedCount }, (_, i) => {
  const s = servers[i % servers.length]!;
  return `  - { id: f${i}, url: "${s.url}/feed/f${i}" }`;
});
writeFileSync(
  join(dir, "feeds.yaml"),
  [
    "store: state.db",
    // Scheduled drafts are measured without full text (bench/full-text.ts): the generated links do not resolve.
    `fetch: { interval: ${values.interval}, concurrency: ${CONCURRENCY}, perHost: ${PER_HOST}, fullText: never }`,
    "feeds:",
    ...feeds,
    ...(values.digest
      ? [
          "digests:",
          '  - { id: bench, title: Bench, language: en, schedule: "*/5 * * * *", output: "{date}-{id}.md" }',
        ]
      : []),
    "",
  ].join("\n"),
);

/** The daemon's environment: ours, plus the image's settings with --image (its warm-up run first). */
const env: NodeJS.ProcessEnv = { ...process.env };
const nodeFlags = values["node-flags"].split(" ").filter(Boolean);
const imageEnv: Record<string, string> = {};
/** An image setting this machine cannot apply (the jemalloc preload, when libjemalloc2 is not installed). */
let dropped: string | null = null;
if (values.image) {
  const image = readImage();
  const host = hostEnv(image);
  dropped = host.dropped;
  Object.assign(imageEnv, host.env, { NODE_COMPILE_CACHE: join(dir, "compile-cache") });
  mkdirSync(imageEnv.NODE_COMPILE_CACHE!);
  Object.assign(env, imageEnv);
  // The image's node flags (between "node" and the script in its CMD) come first; some V8 flags select
  // another cache folder, so the warm-up runs with --node-flags too.
  nodeFlags.unshift(...image.cmd.slice(1, image.cmd.indexOf("src/cli.ts")));
  const extra = values["node-flags"].trim();
  execSync(extra ? image.warmUp.replaceAll("node ", `node ${extra} `) : image.warmUp, {
    env,
    stdio: "ignore",
  });
}

const child = spawn(
  process.execPath,
  [
    ...nodeFlags,
    "src/cli.ts",
    "daemon",
    "--config",
    join(dir, "feeds.yaml"),
    "--listen",
    "127.0.0.1:0",
    "--log-level",
    "warn",
  ],
  { stdio: ["ignore", "pipe", "pipe"], env },
);
let stderr = "";
child.stderr.on("data", (d) => {
  stderr += d;
});
const url = await new Promise<string>((resolve, reject) => {
  child.stdout.on("data", (d) => {
    const m = /listening on (\S+)/.exec(String(d));
    if (m) resolve(m[1]!);
  });
  child.on("exit", (code) => reject(new Error(`daemon exited ${code}: ${stderr}`)));
});

/** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on every Linux this runs on). */
const USER_HZ = 100;
function sample(): { cpuSec: number; rssMb: number; anonMb: number; fileMb: number } {
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { cpuSec, rssMb: kb("VmRSS"), anonMb: kb("RssAnon"), fileMb: kb("RssFile") };
}

/** Which malloc the daemon runs with: jemalloc when preloaded (the image), else glibc's. */
const malloc = readFileSync(`/proc/${child.pid}/maps`, "utf8").includes("libjemalloc") ? "jemalloc" : "glibc";

const t0 = Date.now();
const start = { t: 0, ...sample() };
const samples: (typeof start)[] = [start];
const startMetrics = await (await fetch(`${url}/metrics`)).text();
const timer = setInterval(() => samples.push({ t: Date.now() - t0, ...sample() }), 10_000);
await new Promise((r) => setTimeout(r, durationMs));
clearInterval(timer);
const end = { t: Date.now() - t0, ...sample() };
const metrics = await (await fetch(`${url}/metrics`)).text();
child.kill("SIGTERM");
const exitCode = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
for (const s of servers) await s.close();
rmSync(dir, { recursive: true, force: true });

const polls = (outcome: string) =>
  [
    ...metrics.matchAll(
      new RegExp(`feedwright_polls_total\\{feed="[^"]+",outcome="${outcome}"\\} (\\d+)`, "g"),
    ),
  ]
    .map((m) => Number(m[1]))
    .reduce((a, b) => a + b, 0);
const buckets = new Map<number, number>();
for (const s of starts) {
  const b = Math.floor((s - t0) / 10_000);
  buckets.set(b, (buckets.get(b) ?? 0) + 1);
}
const steady = [...buckets.entries()]
  .filter(([b]) => b * 10_000 >= 60_000 && (b + 1) * 10_000 <= end.t)
  .map(([, n]) => n);
for (let b = 6; b * 10_000 + 10_000 <= end.t; b++) if (!buckets.has(b)) steady.push(0);
steady.sort((a, b) => a - b);
const pct = (p: number) => steady[Math.min(steady.length - 1, Math.floor((p / 100) * steady.length))] ?? 0;
const afterMinute = samples.find((s) => s.t >= 60_000) ?? start;
const late = samples.filter((s) => s.t >= 60_000);
const rssValues = (late.length > 0 ? late : samples).map((s) => s.rssMb);
const gauge = (name: string, text = metrics) =>
  Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN) / 1048576;
const heap = (text: string) =>
  `${mb(gauge("nodejs_heap_size_used_bytes", text))} MB used of ${mb(gauge("nodejs_heap_size_total_bytes", text))} MB; external ${mb(gauge("nodejs_external_memory_bytes", text))} MB`;
const mb = (n: number) => n.toFixed(1);
console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
const shown = Object.entries(imageEnv).map(([k, v]) => `${k}=${k === "NODE_COMPILE_CACHE" ? "(warmed)" : v}`);
console.log(
  `daemon: ${shown.join(" ")} node ${nodeFlags.join(" ")} src/cli.ts daemon`.replace(/\s+/g, " ").trim(),
);
console.log(
  `malloc: ${malloc}${dropped ? ` (${dropped} of the image is not installed here: apt-get install libjemalloc2)` : ""}`,
);
console.log(
  `run: ${feedCount} feeds on ${hostCount} hosts, interval ${values.interval}, response latency ${values.latency}, ${formatDuration(durationMs)} wall, concurrency ${CONCURRENCY}, perHost ${PER_HOST}`,
);
const drafts = (outcome: string) =>
  Number(
    new RegExp(`feedwright_drafts_total\\{digest="bench",outcome="${outcome}"\\} (\\d+)`).exec(
      metrics,
    )?.[1] ?? 0,
  );
if (values.digest)
  console.log(`drafts: ${drafts("written")} written, ${drafts("empty")} empty, ${drafts("failed")} failed`);
console.log(
  `polls: ${starts.length} requests; ok ${polls("ok")}, not-modified ${polls("not-modified")}, failed ${polls("failed")}`,
);
console.log(
  `CPU: ${((100 * (end.cpuSec - start.cpuSec)) / (end.t / 1000)).toFixed(1)}% of one core over the run, ${((100 * (end.cpuSec - afterMinute.cpuSec)) / ((end.t - afterMinute.t) / 1000)).toFixed(1)}% after the first minute`,
);
console.log(
  `RSS: ${mb(start.rssMb)} MB at start, ${mb(afterMinute.rssMb)} MB after 1 min, ${mb(end.rssMb)} MB at end (min ${mb(Math.min(...rssValues))}, max ${mb(Math.max(...rssValues))} from 1 min on)`,
);
console.log(
  `RSS without the node binary's mapped code (RssAnon): ${mb(start.anonMb)} MB at start, ${mb(afterMinute.anonMb)} MB after 1 min, ${mb(end.anonMb)} MB at end`,
);
console.log(
  `mapped files (RssFile, mostly the node binary): ${mb(start.fileMb)} MB at start, ${mb(end.fileMb)} MB at end`,
);
console.log(`V8 heap: at start ${heap(startMetrics)}; at end ${heap(metrics)}`);
console.log(
  `RSS every minute (MB): ${samples
    .filter((s) => s.t % 60_000 < 10_000)
    .map((s) => mb(s.rssMb))
    .join(" ")}`,
);
console.log(
  `spread: polls per 10 s after the first minute: min ${pct(0)}, median ${pct(50)}, p99 ${pct(99)}, max ${pct(100)} (even spread: ${((feedCount * 10_000) / parseDuration(values.interval)!).toFixed(1)})`,
);
console.log(
  `in flight at once: max ${maxInFlight} overall (limit ${CONCURRENCY}), max ${maxPerHost} per host (limit ${PER_HOST})`,
);
console.log(`daemon exit after SIGTERM: ${exitCode}`);
