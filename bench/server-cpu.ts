/**
 * PostgreSQL's own CPU time for a bench run: user + system seconds of the postmaster, the backends
 * alive now and those it has reaped (cutime/cstime), read from /proc (proc-cpu.ts). A backend's pid
 * comes from `SELECT pg_backend_pid()`; its parent is the postmaster. Not local when the server is not
 * on this machine.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { parentOf, postgresCpu } from "./proc-cpu.ts";

/** A meter of the server's CPU seconds since `start()`, or null with the reason when it is not local. */
export async function serverCpu(url: string): Promise<{ seconds(): number } | { notLocal: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let comm = "";
  let postmaster: number | null;
  try {
    // Read while the backend still runs: it exits with this connection.
    const backend = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    try {
      comm = readFileSync(`/proc/${backend}/comm`, "utf8").trim();
    } catch {}
    postmaster = parentOf(backend);
  } finally {
    await c.end();
  }
  const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(c.host) || c.host.startsWith("/");
  if (!local || comm !== "postgres" || postmaster === null) return { notLocal: "server CPU: not local" };
  const pm = postmaster;
  const start = postgresCpu(pm);
  return { seconds: () => postgresCpu(pm) - start };
}

/** " server CPU 12.3 s" since `from` (a reading of the meter), or the reason it has none. */
export function serverCpuText(meter: Awaited<ReturnType<typeof serverCpu>>, from: number): string {
  return "notLocal" in meter ? meter.notLocal : `server CPU ${(meter.seconds() - from).toFixed(1)} s`;
}
