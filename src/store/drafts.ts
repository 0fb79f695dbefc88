/** Draft records: what feedwright wrote, so re-runs are identical and never clobber edits. */
import type { DraftRecord } from "../types.ts";
import type { Db } from "./sqlite/db.ts";

interface Row {
  digest_id: string;
  date: string;
  path: string;
  entry_ids: string;
  content_hash: string;
  written_at: string;
}

const fromRow = (r: Row): DraftRecord => ({
  digestId: r.digest_id,
  date: r.date,
  path: r.path,
  entryIds: JSON.parse(r.entry_ids) as string[],
  contentHash: r.content_hash,
  writtenAt: r.written_at,
});

/** The record of the draft for a digest and date, if one was written. */
export function getDraft(db: Db, digestId: string, date: string): DraftRecord | undefined {
  const r = db.stmt("SELECT * FROM drafts WHERE digest_id = ? AND date = ?").get(digestId, date) as
    | Row
    | undefined;
  return r ? fromRow(r) : undefined;
}

/** The newest draft of a digest, if any. */
export function lastDraft(db: Db, digestId: string): DraftRecord | undefined {
  const r = db.stmt("SELECT * FROM drafts WHERE digest_id = ? ORDER BY date DESC LIMIT 1").get(digestId) as
    | Row
    | undefined;
  return r ? fromRow(r) : undefined;
}

/** Record a written draft (replacing the record for the same digest and date) and its entries. */
export function saveDraft(db: Db, d: DraftRecord): void {
  db.tx(() => {
    db.stmt(
      `INSERT INTO drafts (digest_id, date, path, entry_ids, content_hash, written_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, entry_ids = excluded.entry_ids,
         content_hash = excluded.content_hash, written_at = excluded.written_at`,
    ).run(d.digestId, d.date, d.path, JSON.stringify(d.entryIds), d.contentHash, d.writtenAt);
    db.stmt("DELETE FROM draft_entries WHERE digest_id = ? AND date = ?").run(d.digestId, d.date);
    for (const id of d.entryIds) {
      db.stmt("INSERT OR IGNORE INTO draft_entries (digest_id, date, entry_id) VALUES (?, ?, ?)").run(
        d.digestId,
        d.date,
        id,
      );
    }
  });
}

/** For each entry id, the earliest other draft date of `digestId` that used it (dates before `date` only). */
export function usedBefore(db: Db, digestId: string, date: string): Map<string, string> {
  const rows = db
    .stmt(
      "SELECT entry_id, min(date) AS date FROM draft_entries WHERE digest_id = ? AND date < ? GROUP BY entry_id",
    )
    .all(digestId, date) as unknown as { entry_id: string; date: string }[];
  return new Map(rows.map((r) => [r.entry_id, r.date]));
}
