/**
 * PostgreSQL's own CPU time for a bench run: user + system seconds of the postmaster, the backends
 * alive now and those it has reaped (cutime/cstime), read from /proc. A backend's pid comes from
 * `SELECT pg_backend_pid()`; its parent is the postmaster. Null when the server is not on this machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";

/** Clock ticks per second of /proc's times (getconf CLK_TCK; 100 on Linux). */
const TICK = 100;

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, …]; index 11 = utime (field 14). */
function stat(pid: number): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null; // gone (a backend that just exited) or not ours to see
  }
}

/** Seconds of CPU of the postmaster `pid` (with reaped children) and its live children. */
function cpuOf(postmaster: number): number {
  const own = stat(postmaster);
  if (!own) return Number.NaN;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = stat(Number(name));
    if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICK;
}

/** A meter of the server's CPU seconds since `start()`, or null with the reason when it is not local. */
export async function serverCpu(url: string): Promise<{ seconds(): number } | { notLocal: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let comm = "";
  let parent: string[] | null;
  try {
    // Read while the backend still runs: it exits with this connection.
    const backend = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    try {
      comm = readFileSync(`/proc/${backend}/comm`, "utf8").trim();
    } catch {}
    parent = stat(backend);
  } finally {
    await c.end();
  }
  const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(c.host) || c.host.startsWith("/");
  if (!local || comm !== "postgres" || !parent) return { notLocal: "server CPU: not local" };
  const postmaster = Number(parent[1]);
  const start = cpuOf(postmaster);
  return { seconds: () => cpuOf(postmaster) - start };
}

/** " server CPU 12.3 s" since `from` (a reading of the meter), or the reason it has none. */
export function serverCpuText(meter: Awaited<ReturnType<typeof serverCpu>>, from: number): string {
  return "notLocal" in meter ? meter.notLocal : `server CPU ${(meter.seconds() - from).toFixed(1)} s`;
}
