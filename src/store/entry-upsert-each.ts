/**
 * Storing entries one statement at a time: the way a batch is stored when another writer stored
 * some of its stories since the batch looked (entry-upsert.ts plans the rest in memory and writes
 * it in a few statements). Each step reads what the store holds now, so it needs no plan.
 */
import type { NormalizedEntry } from "../types.ts";
import type { Sql } from "./db.ts";
import { ENTRY_COLUMNS, entryId, entryRow, entryText, TEXT_COLUMNS } from "./entry-id.ts";
import { KnownIds } from "./known-ids.ts";

/** What storing one feed's entries did. */
export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Entries already known from another feed, now remembering this one too. */
  merged: number;
  ids: string[];
}

async function findExisting(q: Sql, known: KnownIds, e: NormalizedEntry): Promise<string | undefined> {
  const found =
    (e.guid !== null ? known.byGuid(e.feedId, e.guid) : undefined) ??
    (e.url !== null ? known.byUrl(e.url) : undefined);
  if (found !== undefined || e.fallbackKey === null) return found;
  return (
    await q.get<{ id: string }>(
      "SELECT entry_id AS id FROM entry_sources WHERE feed_id = ? AND fallback_key = ?",
      [e.feedId, e.fallbackKey],
    )
  )?.id;
}

const INSERT_SOURCE =
  "INSERT INTO entry_sources (entry_id, feed_id, guid, fallback_key, link, title, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

/** This feed already a source of the entry: with the same guid, or any guid when this one has none. */
const SOURCE_KNOWN = `SELECT 1 AS one FROM entry_sources WHERE entry_id = ? AND feed_id = ?
  AND (guid IS NOT DISTINCT FROM ? OR (guid IS NOT NULL AND CAST(? AS TEXT) IS NULL)) LIMIT 1`;

/** Remembers this feed as a source of entry `id`; false when it already was one. */
async function addSource(q: Sql, known: KnownIds, id: string, e: NormalizedEntry): Promise<boolean> {
  const already = await q.get(SOURCE_KNOWN, [id, e.feedId, e.guid, e.guid]);
  if (already) return false;
  // The feed's guid already names another entry (a feed reusing guids): keep this source guid-less.
  const clash = e.guid !== null && known.byGuid(e.feedId, e.guid) !== undefined;
  await q.run(INSERT_SOURCE, [
    id,
    e.feedId,
    clash ? null : e.guid,
    e.fallbackKey,
    e.link,
    e.title,
    e.firstSeen,
  ]);
  known.stored(id, e.feedId, clash ? null : e.guid, null);
  return true;
}

/**
 * A new entry and its first source; undefined when another writer stored the same story (same id
 * or URL) since the batch looked: the unique indexes decide, never a read before the insert.
 */
async function insertEntry(q: Sql, known: KnownIds, e: NormalizedEntry): Promise<string | undefined> {
  const id = entryId(e);
  const changed = await q.run(
    `INSERT INTO entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    entryRow(id, e),
  );
  if (changed === 0) return undefined;
  // A new entry has no sources yet: no need for addSource's duplicate checks.
  await q.run(INSERT_SOURCE, [id, e.feedId, e.guid, e.fallbackKey, e.link, e.title, e.firstSeen]);
  known.stored(id, e.feedId, e.guid, e.url);
  return id;
}

/** The entry another writer stored first, by URL (any feed) or by this entry's own id. */
async function storedMeanwhile(q: Sql, e: NormalizedEntry): Promise<string | undefined> {
  const byUrl =
    e.url === null ? undefined : await q.get<{ id: string }>("SELECT id FROM entries WHERE url = ?", [e.url]);
  return byUrl?.id ?? (await q.get<{ id: string }>("SELECT id FROM entries WHERE id = ?", [entryId(e)]))?.id;
}

/**
 * Store `entries` inside the transaction `q`, one entry after the other, each lookup and write a
 * statement of its own. Deduplicates as upsertEntries() does, also against rows other writers
 * committed a moment ago: the unique indexes decide, and a conflict is looked up again.
 */
export async function upsertOneByOne(q: Sql, entries: readonly NormalizedEntry[]): Promise<UpsertResult> {
  const result: UpsertResult = { inserted: 0, updated: 0, merged: 0, ids: [] };
  const k = await new KnownIds().load(q, entries);
  for (const e of entries) {
    let existing = await findExisting(q, k, e);
    if (existing === undefined) {
      const id = await insertEntry(q, k, e);
      if (id !== undefined) {
        result.ids.push(id);
        result.inserted++;
        continue;
      }
      existing = await storedMeanwhile(q, e);
      if (existing === undefined)
        throw new Error(`entry ${entryId(e)} conflicts with a row that cannot be found`);
    }
    result.ids.push(existing);
    await updateExisting(q, k, existing, e, result);
  }
  return result;
}

/** A story seen again: new text when its own feed edited it, a feed date once one is given, this feed as a source. */
async function updateExisting(
  q: Sql,
  known: KnownIds,
  id: string,
  e: NormalizedEntry,
  result: UpsertResult,
): Promise<void> {
  const row = await q.get<{ feed_id: string; content_hash: string; published_is_first_seen: number }>(
    "SELECT feed_id, content_hash, published_is_first_seen FROM entries WHERE id = ?",
    [id],
  );
  if (row && row.feed_id === e.feedId && row.content_hash !== e.contentHash) {
    // The publisher edited the story: keep identity and first-seen, take the new text.
    await q.run(`UPDATE entries SET ${TEXT_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`, [
      ...entryText(e),
      id,
    ]);
    result.updated++;
  }
  if (row && row.published_is_first_seen === 1 && e.published !== null && row.feed_id === e.feedId) {
    await q.run("UPDATE entries SET published = ?, published_is_first_seen = 0 WHERE id = ?", [
      e.published,
      id,
    ]);
  }
  if ((await addSource(q, known, id, e)) && row && row.feed_id !== e.feedId) result.merged++;
}
