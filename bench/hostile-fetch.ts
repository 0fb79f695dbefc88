/**
 * `feedwright fetch` of N copies of one hostile shape (bench/hostile.ts), each from its own
 * loopback address so that all are fetched at once: the combined peak RSS of a run (main thread,
 * parse workers and bodies waiting). Usage: node bench/hostile-fetch.ts [shape] [N=12] [--mb 10]
 * Needs /usr/bin/time.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { SHAPES } from "./hostile.ts";

const args = process.argv.slice(2);
const mbAt = args.indexOf("--mb");
const mb = mbAt >= 0 ? Number(args.splice(mbAt, 2)[1]) : 10;
const shape = args[0] ?? "atom-xhtml-escaped-tags";
const n = Number(args[1] ?? 12);
const CLI = join(import.meta.dirname, "../src/cli.ts");

const body = Buffer.from(SHAPES[shape]!(mb * 1e6));
const servers: Server[] = [];
const urls: string[] = [];
for (let i = 0; i < n; i++) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/xml" });
    res.end(body);
  });
  const host = `127.0.0.${i + 1}`;
  await new Promise<void>((done) => server.listen(0, host, done));
  servers.push(server);
  urls.push(`http://${host}:${(server.address() as AddressInfo).port}/feed`);
}

const dir = mkdtempSync(join(tmpdir(), "feedwright-hostile-fetch-"));
writeFileSync(
  join(dir, "feeds.yaml"),
  `store: state.db\nfetch:\n  maxBytes: ${Math.max(body.length, 10 << 20)}\nfeeds:\n${urls.map((u, i) => `  - id: f${i}\n    url: ${u}\n`).join("")}`,
);
// The servers answer from this process, so the CLI runs as a child without blocking them.
const run = await new Promise<{ status: number | null; stderr: string; ms: number }>((resolve) => {
  const start = performance.now();
  const p = spawn(
    "/usr/bin/time",
    ["-f", "RSS_KB %M", process.execPath, CLI, "fetch", "--config", "feeds.yaml", "--quiet"],
    {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", FEEDWRIGHT_LOG_LEVEL: "warn" },
    },
  );
  let stderr = "";
  p.stderr.on("data", (d) => {
    stderr += d;
  });
  p.on("close", (status) => resolve({ status, stderr, ms: performance.now() - start }));
});
for (const s of servers) s.close();
rmSync(dir, { recursive: true, force: true });
const rssKb = Number(/RSS_KB (\d+)/.exec(run.stderr)?.[1]);
console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
console.log(
  `fetch of ${n} × ${shape} (${(body.length / 1e6).toFixed(1)} MB each): exit ${run.status}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${(rssKb / 1024).toFixed(0)} MB`,
);
if (run.status !== 0) console.log(run.stderr.trim().split("\n").slice(-3).join("\n"));
