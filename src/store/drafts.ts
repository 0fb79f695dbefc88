/** Draft records: what feedwright wrote, so re-runs are identical and never clobber edits. */
import type { DraftRecord } from "../types.ts";
import type { Db } from "./db.ts";

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
    db.stmt("DELETE FROM draft_pending WHERE digest_id = ? AND date = ?").run(d.digestId, d.date);
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

/** Note the hash of the draft about to be written to `path`, before the file is replaced. */
export function markPending(db: Db, digestId: string, date: string, path: string, hash: string): void {
  db.stmt(
    `INSERT INTO draft_pending (digest_id, date, path, content_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, content_hash = excluded.content_hash`,
  ).run(digestId, date, path, hash);
}

/** Forget a pending draft (it was not written over the file). */
export function clearPending(db: Db, digestId: string, date: string): void {
  db.stmt("DELETE FROM draft_pending WHERE digest_id = ? AND date = ?").run(digestId, date);
}

/**
 * The hashes of files feedwright wrote (or was about to write, when a run was killed between
 * replacing the file and recording it) at `path` for a digest and date: any other bytes are an edit.
 */
export function ownHashes(db: Db, digestId: string, date: string, path: string): string[] {
  const out: string[] = [];
  const record = getDraft(db, digestId, date);
  if (record && record.path === path) out.push(record.contentHash);
  const pending = db
    .stmt("SELECT path, content_hash FROM draft_pending WHERE digest_id = ? AND date = ?")
    .get(digestId, date) as { path: string; content_hash: string } | undefined;
  if (pending && pending.path === path) out.push(pending.content_hash);
  return out;
}
