/**
 * bench/startup: wall time of `feedwright --version` as users run it — the npm package packed from
 * this checkout and installed with `npm install -g --prefix` into a temp folder — next to
 * `node src/cli.ts --version` in the checkout. The first run of each fills Node's compile cache
 * (reported apart); the rest are interleaved, one of each in turn, so load on this shared machine
 * hits both alike. Goal (issue 20): the installed CLI under 300 ms. CPU time comes from GNU time
 * (/usr/bin/time): on this shared 2-core machine wall time mostly measures the other processes.
 *
 *   node bench/startup.ts [--runs 30] [--keep]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, keep: { type: "boolean" } },
});
const RUNS = Number(values.runs);
const ROOT = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "feedwright-bench-startup-"));

const TIME = "/usr/bin/time"; // GNU time: the child's CPU (user + system), which load here inflates far less than wall time

/** Wall and CPU milliseconds of one run; throws when the command fails. */
function time(cmd: string, args: string[], env: NodeJS.ProcessEnv): { wall: number; cpu: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "cpu %U %S", cmd, ...args], { cwd: work, env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  const [, user, sys] = r.stderr.trim().split("\n").at(-1)!.split(" ");
  return { wall, cpu: (Number(user) + Number(sys)) * 1000 };
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

try {
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const tarball = join(work, packed.trim().split("\n").at(-1)!);
  execFileSync(
    "npm",
    ["install", "--global", "--silent", "--no-audit", "--no-fund", "--prefix", join(work, "g"), tarball],
    {
      cwd: work,
      stdio: "inherit",
    },
  );
  // Each its own compile cache, in this run's folder: the first run is really cold.
  const installed = {
    cmd: join(work, "g/bin/feedwright"),
    args: ["--version"],
    env: { ...process.env, NODE_COMPILE_CACHE: join(work, "cache-installed") },
  };
  const checkout = {
    cmd: process.execPath,
    args: [join(ROOT, "src/cli.ts"), "--version"],
    env: { ...process.env, NODE_COMPILE_CACHE: join(work, "cache-checkout") },
  };
  const cases = { "installed package (dist/cli.js)": installed, "checkout (node src/cli.ts)": checkout };
  const first = Object.fromEntries(Object.entries(cases).map(([k, c]) => [k, time(c.cmd, c.args, c.env)]));
  const runs: Record<string, { wall: number; cpu: number }[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  for (let i = 0; i < RUNS; i++)
    for (const [k, c] of Object.entries(cases)) runs[k]!.push(time(c.cmd, c.args, c.env));
  console.log(`feedwright --version: ${RUNS} interleaved runs each, after one cold run (ms)`);
  console.log("| how | cold wall | wall median | wall p90 | wall min | CPU median | CPU min |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  const f = (n: number) => n.toFixed(0);
  for (const [k, xs] of Object.entries(runs)) {
    const wall = xs.map((x) => x.wall);
    const cpu = xs.map((x) => x.cpu);
    console.log(
      `| ${k} | ${f(first[k]!.wall)} | ${f(q(wall, 0.5))} | ${f(q(wall, 0.9))} | ${f(Math.min(...wall))} | ${f(q(cpu, 0.5))} | ${f(Math.min(...cpu))} |`,
    );
  }
} finally {
  if (values.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
