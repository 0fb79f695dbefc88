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
      }
    : undefined;
}

/** Claim a slot before drafting it; false when it was already claimed (by this or an earlier daemon). */
export async function claimSlot(
  db: Sql,
  digestId: string,
  slot: string,
  date: string,
  now: Date,
): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO digest_slots (digest_id, slot, date, status, started_at) VALUES (?, ?, ?, 'started', ?)
       ON CONFLICT (digest_id, slot) DO NOTHING`,
    [digestId, slot, date, now.toISOString()],
  );
  return changed === 1;
}

/** Record how a claimed slot ended. */
export async function finishSlot(
  db: Sql,
  digestId: string,
  slot: string,
  status: Exclude<SlotStatus, "started">,
  detail: string | null,
  now: Date,
): Promise<void> {
  await db.run(
    "UPDATE digest_slots SET status = ?, detail = ?, finished_at = ? WHERE digest_id = ? AND slot = ?",
    [status, detail, now.toISOString(), digestId, slot],
  );
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
export async function releaseSlot(db: Sql, digestId: string, slot: string): Promise<void> {
  await db.run("DELETE FROM digest_slots WHERE digest_id = ? AND slot = ? AND status = 'started'", [
    digestId,
    slot,
  ]);
}
