/** The one-daemon-per-store lease: a row in SQLite that expires unless its holder keeps renewing it. */
import type { Db } from "./sqlite/db.ts";

/** Who holds (or held) the lease. */
export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

interface Row {
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
  expires_at: string;
}

const fromRow = (r: Row): LockHolder => ({
  owner: r.owner,
  pid: r.pid,
  host: r.host,
  acquiredAt: r.acquired_at,
  heartbeatAt: r.heartbeat_at,
  expiresAt: r.expires_at,
});

/** The current holder of lease `name`, expired or not. */
export function readLock(db: Db, name: string): LockHolder | undefined {
  const r = db.stmt("SELECT * FROM daemon_lock WHERE name = ?").get(name) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

/**
 * Take lease `name` for `ttlMs` unless someone else holds an unexpired one; `stale` may declare a
 * live-looking holder dead (e.g. its process is gone). Returns null on success, else the holder.
 */
export function acquireLock(
  db: Db,
  name: string,
  me: { owner: string; pid: number; host: string },
  now: Date,
  ttlMs: number,
  stale: (holder: LockHolder) => boolean = () => false,
): LockHolder | null {
  return db.tx(() => {
    const held = readLock(db, name);
    if (held && held.owner !== me.owner && held.expiresAt > now.toISOString() && !stale(held)) return held;
    const at = now.toISOString();
    db.stmt(
      `INSERT INTO daemon_lock (name, owner, pid, host, acquired_at, heartbeat_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host,
         acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
    ).run(name, me.owner, me.pid, me.host, at, at, new Date(now.getTime() + ttlMs).toISOString());
    return null;
  });
}

/** Extend the lease; false when `owner` no longer holds it (it expired and another daemon took it). */
export function renewLock(db: Db, name: string, owner: string, now: Date, ttlMs: number): boolean {
  const r = db
    .stmt("UPDATE daemon_lock SET heartbeat_at = ?, expires_at = ? WHERE name = ? AND owner = ?")
    .run(now.toISOString(), new Date(now.getTime() + ttlMs).toISOString(), name, owner);
  return Number(r.changes) === 1;
}

/** Give the lease up, if `owner` still holds it. */
export function releaseLock(db: Db, name: string, owner: string): void {
  db.stmt("DELETE FROM daemon_lock WHERE name = ? AND owner = ?").run(name, owner);
}
