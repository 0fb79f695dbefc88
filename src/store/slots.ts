/** Schedule slots the daemon has handled, so a slot is drafted at most once, even across restarts. */
import type { Db } from "./sqlite/db.ts";

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
}

interface Row {
  digest_id: string;
  slot: string;
  date: string;
  status: SlotStatus;
  detail: string | null;
  started_at: string;
  finished_at: string | null;
}

/** The record of a digest's slot, if it was handled. */
export function getSlot(db: Db, digestId: string, slot: string): SlotRecord | undefined {
  const r = db.stmt("SELECT * FROM digest_slots WHERE digest_id = ? AND slot = ?").get(digestId, slot) as
    | Row
    | undefined;
  return r
    ? {
        digestId: r.digest_id,
        slot: r.slot,
        date: r.date,
        status: r.status,
        detail: r.detail,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
      }
    : undefined;
}

/** Claim a slot before drafting it; false when it was already claimed (by this or an earlier daemon). */
export function claimSlot(db: Db, digestId: string, slot: string, date: string, now: Date): boolean {
  const r = db
    .stmt(
      `INSERT INTO digest_slots (digest_id, slot, date, status, started_at) VALUES (?, ?, ?, 'started', ?)
       ON CONFLICT (digest_id, slot) DO NOTHING`,
    )
    .run(digestId, slot, date, now.toISOString());
  return Number(r.changes) === 1;
}

/** Record how a claimed slot ended. */
export function finishSlot(
  db: Db,
  digestId: string,
  slot: string,
  status: Exclude<SlotStatus, "started">,
  detail: string | null,
  now: Date,
): void {
  db.stmt(
    "UPDATE digest_slots SET status = ?, detail = ?, finished_at = ? WHERE digest_id = ? AND slot = ?",
  ).run(status, detail, now.toISOString(), digestId, slot);
}

/** Record a slot that is deliberately not drafted (e.g. an earlier draft already covers it). */
export function skipSlot(db: Db, digestId: string, slot: string, date: string, why: string, now: Date): void {
  if (claimSlot(db, digestId, slot, date, now)) finishSlot(db, digestId, slot, "skipped", why, now);
}

/** Give a claimed slot back when its draft never ran (shutdown came first), so the next start catches it up. */
export function releaseSlot(db: Db, digestId: string, slot: string): void {
  db.stmt("DELETE FROM digest_slots WHERE digest_id = ? AND slot = ? AND status = 'started'").run(
    digestId,
    slot,
  );
}
