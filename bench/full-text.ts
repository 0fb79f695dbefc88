/**
 * bench/full-text: what full text (issue #19) adds to `feedwright draft`. A teaser feed links to N
 * real pages of ../shared/extraction, served gzipped from H loopback hosts (127.0.0.1…H) with a
 * delay; `draft` is timed as a user runs it (a child process) three ways: the first draft (robots.txt,
 * pages, extraction, storing), a re-draft (everything stored: no request), and the same draft with
 * `fullText: never` (the baseline). Needs /usr/bin/time for the children's CPU time.
 *
 *   node bench/full-text.ts [--items 50] [--hosts 5] [--delay 50] [--runs 3]
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "50" },
    hosts: { type: "string", default: "5" },
    delay: { type: "string", default: "50" },
    runs: { type: "string", default: "3" },
    shared: { type: "string", default: join(import.meta.dirname, "../../shared") },
  },
});
const ITEMS = Number(values.items);
const HOSTS = Number(values.hosts);
const DELAY = Number(values.delay);
const RUNS = Number(values.runs);
const pagesDir = join(values.shared, "extraction/html");
const pages = readdirSync(pagesDir)
  .filter((f) => f.endsWith(".html.gz"))
  .sort()
  .slice(0, ITEMS)
  .map((f) => readFileSync(join(pagesDir, f)));
if (pages.length < ITEMS) throw new Error(`only ${pages.length} pages in ${pagesDir}`);

let pageRequests = 0;
let wire = 0;
const feed = (port: number) => {
  const items = pages.map((_, i) => {
    const link = `http://127.0.0.${(i % HOSTS) + 1}:${port}/a/${i}`;
    return `<item><title>Story ${i}</title><link>${link}</link><guid>${link}</guid><pubDate>${new Date(Date.UTC(2026, 0, 14, 0, i)).toUTCString()}</pubDate><description>Story ${i} in one sentence. Read more</description></item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Teasers</title><link>http://127.0.0.1:${port}/</link><description>d</description>${items.join("")}</channel></rss>`;
};
const handler = (port: () => number) =>
  createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/feed.xml")
      return void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed(port()));
    if (path === "/robots.txt")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
    const body = pages[Number(/^\/a\/(\d+)$/.exec(path)?.[1] ?? -1)];
    if (!body) return void res.writeHead(404).end();
    pageRequests++;
    wire += body.length;
    setTimeout(() => {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" })
        .end(body);
    }, DELAY);
  });

// One server per loopback address, all on the same port, so links differ only by host.
const servers: Server[] = [];
let port = 0;
for (let h = 1; h <= HOSTS; h++) {
  const s = handler(() => port);
  await new Promise<void>((r) => s.listen(port, `127.0.0.${h}`, r));
  port = (s.address() as AddressInfo).port;
  servers.push(s);
}

const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-fulltext-"));
const config = (mode: string) => {
  const path = join(dir, `feeds-${mode}.yaml`);
  writeFileSync(
    path,
    [
      "store: state.db",
      `fetch: { fullText: ${mode} }`,
      "feeds:",
      `  - { id: teasers, url: "http://127.0.0.1:${port}/feed.xml" }`,
      "digests:",
      `  - { id: weekly, title: Weekly, maxItems: ${ITEMS}, output: "out/{date}-${mode}.md" }`,
    ].join("\n"),
  );
  return path;
};
const cli = join(import.meta.dirname, "../src/cli.ts");
const exec = promisify(execFile);
const env = { ...process.env, FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };
// Wall time, and the child's CPU time (user + system, from /usr/bin/time): on a shared machine the
// CPU time says what the work costs, the wall time what the user waits.
interface Timing {
  wall: number;
  cpu: number;
}
const run = async (cfg: string, args: string[]): Promise<Timing> => {
  const t = performance.now();
  const { stderr } = await exec(
    "/usr/bin/time",
    ["-f", "TIME %U %S", process.execPath, cli, ...args, "--config", cfg, "--log-level", "warn", "--quiet"],
    { env },
  );
  const wall = performance.now() - t;
  const m = /TIME ([\d.]+) ([\d.]+)/.exec(stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ts: Timing[]) =>
  `wall ${ts.map((x) => x.wall.toFixed(0)).join(", ")} ms (median ${median(ts.map((x) => x.wall)).toFixed(0)}); CPU median ${median(ts.map((x) => x.cpu)).toFixed(0)} ms`;

const auto = config("auto");
const never = config("never");
await run(auto, ["fetch"]);
const first: Timing[] = [];
const again: Timing[] = [];
const baseline: Timing[] = [];
let requestsFirst = 0;
let requestsAgain = 0;
for (let r = 0; r < RUNS; r++) {
  // Interleaved, so load on the shared machine falls on all three alike.
  const before = pageRequests;
  first.push(await run(auto, ["draft", "--force", "--refresh-full-text"]));
  requestsFirst = pageRequests - before;
  const mid = pageRequests;
  again.push(await run(auto, ["draft", "--force"]));
  requestsAgain = pageRequests - mid;
  baseline.push(await run(never, ["draft", "--force"]));
}
for (const s of servers) s.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `bench/full-text: ${ITEMS} teaser items, pages from ../shared/extraction (${(wire / RUNS / 1e6).toFixed(1)} MB gzipped per draft), ${HOSTS} loopback hosts, ${DELAY} ms server delay, fetch.perHost 2`,
);
console.log(`draft, fetching and extracting every page: ${fmt(first)}; ${requestsFirst} page requests`);
console.log(`re-draft, everything stored:               ${fmt(again)}; ${requestsAgain} page requests`);
console.log(`draft with fullText: never (baseline):     ${fmt(baseline)}`);
