/** One daemon per store: hold the store's lease while running, renewing it so a crashed daemon's lease expires. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { AppError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import { acquireLock, type LockHolder, releaseLock, renewLock } from "../store/lock.ts";
import type { Clock, Timer } from "./clock.ts";

/** The lease's name in the store. */
export const LEASE = "daemon";
/** A lease not renewed for this long is free: how long a crashed daemon blocks a restart on another host. */
export const LEASE_TTL_MS = 30_000;

/** A held lease. */
export interface Lease {
  /** Give it up (on shutdown). */
  release(): Promise<void>;
}

/** On this host, a holder whose process is gone (or is this process, restarted in a container) is stale. */
function deadHolder(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Take the store's lease or fail with STORE_LOCKED (exit 2, nothing started). `onLost` runs when a
 * renewal finds the lease gone (this process stalled past the TTL and another daemon took over).
 */
export async function holdLease(
  db: Db,
  clock: Clock,
  onLost: () => void,
  ttlMs = LEASE_TTL_MS,
): Promise<Lease> {
  const me = { owner: randomUUID(), pid: process.pid, host: hostname() };
  const holder = await acquireLock(db, LEASE, me, new Date(clock.now()), ttlMs, deadHolder);
  if (holder) {
    throw new AppError(
      "STORE_LOCKED",
      `${db.path}: another feedwright daemon is using this store (pid ${holder.pid} on ${holder.host}, alive at ${holder.heartbeatAt})`,
      {
        hint: `stop that daemon first, or point this one at another store; a crashed daemon's lock expires ${ttlMs / 1000}s after its last heartbeat`,
      },
    );
  }
  let timer: Timer | null = null;
  let held = true;
  const beat = async () => {
    if (!held) return;
    let ok: boolean;
    try {
      ok = await renewLock(db, LEASE, me.owner, new Date(clock.now()), ttlMs);
    } catch {
      // A busy store (another writer mid-transaction) is retried at the next beat, well before expiry.
      ok = true;
    }
    if (!held) return; // released while renewing
    if (!ok) {
      held = false;
      onLost();
      return;
    }
    timer = clock.after(ttlMs / 3, beat);
  };
  // beat never rejects (a failed renewal is retried); its promise lets a test clock wait for it.
  timer = clock.after(ttlMs / 3, beat);
  return {
    async release() {
      if (!held) return;
      held = false;
      timer?.cancel();
      await releaseLock(db, LEASE, me.owner);
    },
  };
}
