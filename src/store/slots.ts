/** Schedule slots the daemon has handled, so a slot is drafted at most once, even across restarts. */
import type { Sql } from "./db.ts";

/** How a slot ended; "started" means a daemon claimed it and stopped before finishing. */
export type SlotStatus = "started" | "written" | "empty" | "failed" | "skipped";

/** One handled slot of one digest. */
export interface SlotRecord {
  digestId: string;
  /** The slot's instant, UTC ISO. */
  slot: string;
  /** The draft date the slot stands for (in the config's timezone). */
  date: string;
  status: SlotStatus;
  detail: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Several daemons (PostgreSQL): who drafts it ("host/pid") and until when, unless renewed; else null. */
  ownerBy: string | null;
  expires: string | null;
}

/**
 * A slot's lease, for several daemons on one store: a started slot whose lease expired (its daemon
 * died mid-draft) is taken over by another; without one a started slot is never drafted again.
 */
export interface SlotLease {
  owner: string;
  by: string;
  ttlMs: number;
}

interface Row {
  digest_id: string;
  slot: string;
  date: string;
  status: SlotStatus;
  detail: string | null;
  started_at: string;
  finished_at: string | null;
  owner_by: string | null;
  expires: string | null;
}

/** The record of a digest's slot, if it was handled. */
export async function getSlot(db: Sql, digestId: string, slot: string): Promise<SlotRecord | undefined> {
  const r = await db.get<Row>("SELECT * FROM digest_slots WHERE digest_id = ? AND slot = ?", [
    digestId,
    slot,
  ]);
  return r
    ? {
        digestId: r.digest_id,
        slot: r.slot,
        date: r.date,
        status: r.status,
        detail: r.detail,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        ownerBy: r.owner_by,
        expires: r.expires,
      }
    : undefined;
}

/**
 * Claim a slot before drafting it; false when it was already claimed (by this or an earlier daemon).
 * With a lease, a slot left started by a daemon whose lease expired is taken over — in one statement,
 * so of several daemons trying at once exactly one gets it; a finished slot never is.
 */
export async function claimSlot(
  db: Sql,
  digestId: string,
  slot: string,
  date: string,
  now: Date,
  lease?: SlotLease,
): Promise<boolean> {
  const at = now.toISOString();
  const changed = await db.run(
    `INSERT INTO digest_slots (digest_id, slot, date, status, started_at, owner, owner_by, expires)
       VALUES (?, ?, ?, 'started', ?, ?, ?, ?)
       ON CONFLICT (digest_id, slot) DO ${
         lease
           ? `UPDATE SET started_at = excluded.started_at, owner = excluded.owner, owner_by = excluded.owner_by,
                expires = excluded.expires
              WHERE digest_slots.status = 'started' AND digest_slots.expires IS NOT NULL
                AND digest_slots.expires <= excluded.started_at`
           : "NOTHING"
       }`,
    [
      digestId,
      slot,
      date,
      at,
      lease?.owner ?? null,
      lease?.by ?? null,
      lease ? new Date(now.getTime() + lease.ttlMs).toISOString() : null,
    ],
  );
  return changed === 1;
}

/** Extend a slot's lease while its draft runs; false when another daemon has taken the slot over. */
export async function renewSlot(
  db: Sql,
  digestId: string,
  slot: string,
  lease: SlotLease,
  now: Date,
): Promise<boolean> {
  const changed = await db.run(
    `UPDATE digest_slots SET expires = ? WHERE digest_id = ? AND slot = ? AND owner = ? AND status = 'started'`,
    [new Date(now.getTime() + lease.ttlMs).toISOString(), digestId, slot, lease.owner],
  );
  return changed === 1;
}

/** Record how a claimed slot ended; false (nothing written) when the lease's slot was taken over. */
export async function finishSlot(
  db: Sql,
  digestId: string,
  slot: string,
  status: Exclude<SlotStatus, "started">,
  detail: string | null,
  now: Date,
  lease?: SlotLease,
): Promise<boolean> {
  const changed = await db.run(
    `UPDATE digest_slots SET status = ?, detail = ?, finished_at = ?, expires = NULL
     WHERE digest_id = ? AND slot = ?${lease ? " AND owner = ? AND status = 'started'" : ""}`,
    [status, detail, now.toISOString(), digestId, slot, ...(lease ? [lease.owner] : [])],
  );
  return changed === 1;
}

/** Record a slot that is deliberately not drafted (e.g. an earlier draft already covers it). */
export async function skipSlot(
  db: Sql,
  digestId: string,
  slot: string,
  date: string,
  why: string,
  now: Date,
): Promise<void> {
  if (await claimSlot(db, digestId, slot, date, now))
    await finishSlot(db, digestId, slot, "skipped", why, now);
}

/** Give a claimed slot back when its draft never ran (shutdown came first), so the next start catches it up. */
export async function releaseSlot(db: Sql, digestId: string, slot: string, lease?: SlotLease): Promise<void> {
  await db.run(
    `DELETE FROM digest_slots WHERE digest_id = ? AND slot = ? AND status = 'started'${lease ? " AND owner = ?" : ""}`,
    [digestId, slot, ...(lease ? [lease.owner] : [])],
  );
}
