/**
 * bench/run: `feedwright fetch` then `feedwright draft` over N generated feeds served by a local
 * node:http server (no artificial delay), timed as a user runs them (child processes).
 *
 *   node bench/run.ts [--feeds 200] [--items 20]
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";

const { values } = parseArgs({
  options: { feeds: { type: "string", default: "200" }, items: { type: "string", default: "20" } },
});
const FEEDS = Number(values.feeds);
const ITEMS = Number(values.items);
const DATE = "2026-01-15";

function feed(f: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const day = 15 - (i % 10);
    const link = `https://site-${f}.example/posts/${f}-${i}?utm_source=rss`;
    return `<item><title>Feed ${f} story ${i}: Kubernetes operators and GPUs</title><link>${link}</link><guid>${link}</guid>
<pubDate>${new Date(Date.UTC(2026, 0, day, 8, i)).toUTCString()}</pubDate>
<description>&lt;p&gt;Story ${i} of feed ${f} explains how &lt;b&gt;cluster&lt;/b&gt; operators schedule GPU workloads. A second sentence adds detail.&lt;/p&gt;</description></item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed ${f}</title><link>https://site-${f}.example/</link><description>Generated</description>${items.join("\n")}</channel></rss>`;
}

const bodies = Array.from({ length: FEEDS }, (_, f) => Buffer.from(feed(f)));
let bytes = 0;
const server = createServer((req, res) => {
  const f = Number(/\/feed-(\d+)\.xml/.exec(req.url ?? "")?.[1] ?? -1);
  const body = bodies[f];
  if (!body) return void res.writeHead(404).end();
  bytes += body.length;
  res
    .writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", "content-length": body.length })
    .end(body);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as AddressInfo).port;

const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-run-"));
const config = join(dir, "feeds.yaml");
writeFileSync(
  config,
  [
    "timezone: UTC",
    // The generated links do not resolve: full text (bench/full-text.ts) stays off, as the figures were taken.
    "fetch: { concurrency: 16, perHost: 16, fullText: never }",
    "feeds:",
    ...Array.from(
      { length: FEEDS },
      (_, f) => `  - { id: feed-${f}, url: "http://127.0.0.1:${port}/feed-${f}.xml" }`,
    ),
    "digests:",
    "  - { id: weekly, title: Weekly, window: 7d, maxItems: 50 }",
  ].join("\n"),
);

const cli = join(import.meta.dirname, "../src/cli.ts");
const exec = promisify(execFile);
// Async child processes, so this process keeps serving feeds while the CLI runs.
const run = async (args: string[]) => {
  const t = performance.now();
  await exec(process.execPath, [cli, ...args, "--config", config, "--log-level", "warn", "--quiet"]);
  return performance.now() - t;
};

const fetchMs = await run(["fetch"]);
const servedFirst = bytes;
const draftMs = await run(["draft", "--date", DATE]);
const entries = FEEDS * ITEMS;
server.close();
console.log(`feeds: ${FEEDS} × ${ITEMS} items (${(servedFirst / 1e6).toFixed(1)} MB served on 127.0.0.1)`);
console.log(
  `fetch: ${fetchMs.toFixed(0)} ms for ${entries.toLocaleString()} entries (${Math.round(entries / (fetchMs / 1000)).toLocaleString()} entries/s, including process start)`,
);
console.log(
  `draft: ${draftMs.toFixed(0)} ms (50 of ${entries.toLocaleString()} stored entries, including process start)`,
);
rmSync(dir, { recursive: true, force: true });
