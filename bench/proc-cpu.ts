/**
 * CPU seconds spent by processes, read from /proc (Linux): what bench/fleet.ts reports per 1,000
 * polls for the daemons, PostgreSQL and the feed server, and the whole machine's busy share.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc times (USER_HZ, 100 on every Linux this runs on). */
const USER_HZ = 100;

/** /proc/PID/stat's fields after the command name: [0] state, [1] ppid, [11..14] utime stime cutime cstime. */
function fields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * CPU seconds of `pid` (all its threads), plus those of its reaped children when `children`: a
 * PostgreSQL postmaster's count then includes the backends that already exited.
 */
export function cpuOf(pid: number, children = false): number {
  const f = fields(pid);
  if (!f) return 0;
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / USER_HZ;
}

/**
 * CPU seconds of a PostgreSQL server on this machine: its postmaster (with reaped backends) and every
 * live child (backends, checkpointer, WAL writer, …). `postmaster` is the server's main pid.
 */
export function postgresCpu(postmaster: number): number {
  let sum = cpuOf(postmaster, true);
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const f = fields(pid);
    if (f && Number(f[1]) === postmaster) sum += cpuOf(pid, true);
  }
  return sum;
}

/** The parent pid of `pid` (a backend's is the postmaster), or null when it is gone. */
export function parentOf(pid: number): number | null {
  const f = fields(pid);
  return f ? Number(f[1]) : null;
}

/** The whole machine's CPU time so far: busy and total seconds summed over every core. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  const idle = t[3]! + t[4]!; // idle + iowait
  return { busy: (total - idle) / USER_HZ, total: total / USER_HZ };
}
