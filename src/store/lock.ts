/** The one-daemon-per-store lease: a row in the store that expires unless its holder keeps renewing it. */
import type { Sql } from "./db.ts";

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
export async function readLock(db: Sql, name: string): Promise<LockHolder | undefined> {
  const r = await db.get<Row>("SELECT * FROM daemon_lock WHERE name = ?", [name]);
  return r ? fromRow(r) : undefined;
}

/**
 * Take lease `name` for `ttlMs` unless someone else holds an unexpired one; `stale` may declare a
 * live-looking holder dead (e.g. its process is gone). Returns null on success, else the holder.
 * The write only succeeds against the row that was read (compare-and-set), so of two daemons
 * racing for a free lease exactly one gets it, on either engine.
 */
export async function acquireLock(
  db: Sql,
  name: string,
  me: { owner: string; pid: number; host: string },
  now: Date,
  ttlMs: number,
  stale: (holder: LockHolder) => boolean = () => false,
): Promise<LockHolder | null> {
  const at = now.toISOString();
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  for (;;) {
    const held = await readLock(db, name);
    if (held && held.owner !== me.owner && held.expiresAt > at && !stale(held)) return held;
    const changed = held
      ? await db.run(
          `UPDATE daemon_lock SET owner = ?, pid = ?, host = ?, acquired_at = ?, heartbeat_at = ?, expires_at = ?
           WHERE name = ? AND owner = ? AND expires_at = ?`,
          [me.owner, me.pid, me.host, at, at, expires, name, held.owner, held.expiresAt],
        )
      : await db.run(
          `INSERT INTO daemon_lock (name, owner, pid, host, acquired_at, heartbeat_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
          [name, me.owner, me.pid, me.host, at, at, expires],
        );
    if (changed === 1) return null;
    // Another daemon wrote the row between our read and write: look again.
  }
}

/** Extend the lease; false when `owner` no longer holds it (it expired and another daemon took it). */
export async function renewLock(
  db: Sql,
  name: string,
  owner: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const changed = await db.run(
    "UPDATE daemon_lock SET heartbeat_at = ?, expires_at = ? WHERE name = ? AND owner = ?",
    [now.toISOString(), new Date(now.getTime() + ttlMs).toISOString(), name, owner],
  );
  return changed === 1;
}

/** Give the lease up, if `owner` still holds it. */
export async function releaseLock(db: Sql, name: string, owner: string): Promise<void> {
  await db.run("DELETE FROM daemon_lock WHERE name = ? AND owner = ?", [name, owner]);
}
