/** Draft records: what feedwright wrote, so re-runs are identical and never clobber edits. */
import type { DraftRecord } from "../types.ts";
import type { Sql } from "./db.ts";

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
export async function getDraft(db: Sql, digestId: string, date: string): Promise<DraftRecord | undefined> {
  const r = await db.get<Row>("SELECT * FROM drafts WHERE digest_id = ? AND date = ?", [digestId, date]);
  return r ? fromRow(r) : undefined;
}

/** The newest draft of a digest, if any. */
export async function lastDraft(db: Sql, digestId: string): Promise<DraftRecord | undefined> {
  const r = await db.get<Row>("SELECT * FROM drafts WHERE digest_id = ? ORDER BY date DESC LIMIT 1", [
    digestId,
  ]);
  return r ? fromRow(r) : undefined;
}

/** Record a written draft (replacing the record for the same digest and date) and its entries. */
export async function saveDraft(db: Sql, d: DraftRecord): Promise<void> {
  await db.tx(async (q) => {
    await q.run(
      `INSERT INTO drafts (digest_id, date, path, entry_ids, content_hash, written_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, entry_ids = excluded.entry_ids,
         content_hash = excluded.content_hash, written_at = excluded.written_at`,
      [d.digestId, d.date, d.path, JSON.stringify(d.entryIds), d.contentHash, d.writtenAt],
    );
    await q.run("DELETE FROM draft_entries WHERE digest_id = ? AND date = ?", [d.digestId, d.date]);
    for (const id of d.entryIds) {
      await q.run(
        "INSERT INTO draft_entries (digest_id, date, entry_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [d.digestId, d.date, id],
      );
    }
  });
}

/** For each entry id, the earliest other draft date of `digestId` that used it (dates before `date` only). */
export async function usedBefore(db: Sql, digestId: string, date: string): Promise<Map<string, string>> {
  const rows = await db.all<{ entry_id: string; date: string }>(
    "SELECT entry_id, min(date) AS date FROM draft_entries WHERE digest_id = ? AND date < ? GROUP BY entry_id",
    [digestId, date],
  );
  return new Map(rows.map((r) => [r.entry_id, r.date]));
}
