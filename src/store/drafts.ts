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

// 3 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters a statement.
const ROWS_PER_INSERT = 500;

/**
 * Record a written draft (replacing the record for the same digest and date) and its entries. On
 * PostgreSQL the draft's bytes are kept too: the machine that publishes it may not share this disk.
 */
export async function saveDraft(db: Sql, d: DraftRecord, content?: Uint8Array): Promise<void> {
  await db.tx(async (q) => {
    if (content && q.dialect === "postgres") {
      await q.run(
        `INSERT INTO draft_files (digest_id, date, path, content) VALUES (?, ?, ?, ?)
         ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, content = excluded.content`,
        [d.digestId, d.date, d.path, content],
      );
    }
    await q.run(
      `INSERT INTO drafts (digest_id, date, path, entry_ids, content_hash, written_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, entry_ids = excluded.entry_ids,
         content_hash = excluded.content_hash, written_at = excluded.written_at`,
      [d.digestId, d.date, d.path, JSON.stringify(d.entryIds), d.contentHash, d.writtenAt],
    );
    await q.run("DELETE FROM draft_entries WHERE digest_id = ? AND date = ?", [d.digestId, d.date]);
    await q.run("DELETE FROM draft_pending WHERE digest_id = ? AND date = ?", [d.digestId, d.date]);
    // A few multi-row statements, not one per item: each is a round trip on a server.
    for (let i = 0; i < d.entryIds.length; i += ROWS_PER_INSERT) {
      const ids = d.entryIds.slice(i, i + ROWS_PER_INSERT);
      await q.run(
        `INSERT INTO draft_entries (digest_id, date, entry_id) VALUES ${ids.map(() => "(?, ?, ?)").join(", ")}
         ON CONFLICT DO NOTHING`,
        ids.flatMap((id) => [d.digestId, d.date, id]),
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

/** Note the hash of the draft about to be written to `path`, before the file is replaced. */
export async function markPending(
  db: Sql,
  digestId: string,
  date: string,
  path: string,
  hash: string,
): Promise<void> {
  await db.run(
    `INSERT INTO draft_pending (digest_id, date, path, content_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (digest_id, date) DO UPDATE SET path = excluded.path, content_hash = excluded.content_hash`,
    [digestId, date, path, hash],
  );
}

/** Forget a pending draft (it was not written over the file). */
export async function clearPending(db: Sql, digestId: string, date: string): Promise<void> {
  await db.run("DELETE FROM draft_pending WHERE digest_id = ? AND date = ?", [digestId, date]);
}

/**
 * The hashes of files feedwright wrote (or was about to write, when a run was killed between
 * replacing the file and recording it) at `path` for a digest and date: any other bytes are an edit.
 */
export async function ownHashes(db: Sql, digestId: string, date: string, path: string): Promise<string[]> {
  const out: string[] = [];
  const record = await getDraft(db, digestId, date);
  if (record && record.path === path) out.push(record.contentHash);
  const pending = await db.get<{ path: string; content_hash: string }>(
    "SELECT path, content_hash FROM draft_pending WHERE digest_id = ? AND date = ?",
    [digestId, date],
  );
  if (pending && pending.path === path) out.push(pending.content_hash);
  return out;
}

/** The bytes of the draft recorded for a digest and date, when the store keeps them (PostgreSQL). */
export async function draftBytes(db: Sql, digestId: string, date: string): Promise<Uint8Array | undefined> {
  const r = await db.get<{ content: Uint8Array }>(
    "SELECT content FROM draft_files WHERE digest_id = ? AND date = ?",
    [digestId, date],
  );
  return r?.content;
}
