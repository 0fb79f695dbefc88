/**
 * Storing entries: one row per story, deduplicated by feed+guid, canonical URL, or feed+title+date,
 * every feed that carried it remembered as a source. A batch is looked up with a few queries,
 * planned in memory (entry-plan.ts) and written with a few statements: on PostgreSQL each statement
 * is a round trip, and one per entry made a first fetch 3.6× slower than on SQLite; there a poll's
 * new entries and sources are one statement (column-arrays.ts).
 */
import type { NormalizedEntry } from "../types.ts";
import { type ColumnType, columnArrays } from "./column-arrays.ts";
import type { Param, Sql } from "./db.ts";
import { ENTRY_COLUMNS, TEXT_COLUMNS } from "./entry-id.ts";
import { type Plan, planEntries, SOURCE_COLUMNS, type StoredState } from "./entry-plan.ts";
import { type UpsertResult, upsertOneByOne } from "./entry-upsert-each.ts";
import { pairRows, probeUnique, valueIn } from "./key-rows.ts";
import { KnownIds } from "./known-ids.ts";

export type { UpsertResult } from "./entry-upsert-each.ts";

/**
 * Store one feed's entries in one transaction. A story seen again (same feed+guid, same canonical
 * URL from any feed, same feed+title+date) stays one entry and remembers every source, also when
 * another process stores it at the same moment.
 */
export async function upsertEntries(db: Sql, entries: readonly NormalizedEntry[]): Promise<UpsertResult> {
  return db.tx(async (q) => {
    // Built inside the transaction: an engine that retries it (a deadlock) starts from scratch.
    const plan = planEntries(await load(q, entries), entries);
    const inserted =
      q.dialect === "postgres"
        ? await insertBoth(q, plan)
        : await insertEach(q, "entries", ENTRY_COLUMNS, plan.inserts, true);
    if (inserted.length < plan.inserts.length) {
      // Another writer stored some of these stories since the batch looked (the unique indexes
      // said so): take back this batch's rows and store it one entry at a time, each lookup fresh.
      await deleteEntries(q, inserted);
      return upsertOneByOne(q, entries);
    }
    if (q.dialect === "sqlite") await insertEach(q, "entry_sources", SOURCE_COLUMNS, plan.sources, false);
    await applyUpdates(q, plan);
    return plan.result;
  });
}

/** What the store holds that `entries` name: a handful of queries for the whole batch. */
async function load(q: Sql, entries: readonly NormalizedEntry[]): Promise<StoredState> {
  const known = await new KnownIds().load(q, entries);
  const s: StoredState = {
    known,
    sourceGuids: new Set(),
    fallbacks: new Map(),
    rows: new Map(),
    sources: new Map(),
  };
  const ids = new Set<string>();
  for (const e of entries) {
    const byGuid = e.guid === null ? undefined : known.byGuid(e.feedId, e.guid);
    if (byGuid !== undefined) {
      s.sourceGuids.add(`${e.feedId}\n${e.guid}`);
      ids.add(byGuid);
    }
    const byUrl = e.url === null ? undefined : known.byUrl(e.url);
    if (byUrl !== undefined) ids.add(byUrl);
  }
  const keys = entries.flatMap((e) => (e.fallbackKey === null ? [] : [[e.feedId, e.fallbackKey] as const]));
  if (keys.length > 0) {
    const p = probeUnique(
      q,
      pairRows(q, keys),
      "entry_sources",
      "s",
      ["feed_id", "fallback_key"],
      "s.feed_id AS feed, s.fallback_key AS key, s.entry_id AS id",
    );
    const found = await q.all<{ feed: string; key: string; id: string }>(p.sql, p.params);
    for (const r of found) {
      s.fallbacks.set(`${r.feed}\n${r.key}`, r.id);
      ids.add(r.id);
    }
  }
  if (ids.size === 0) return s; // a new feed's first poll: nothing stored to look at
  const list = [...ids];
  const byId = valueIn(q, "id", list);
  const rows = await q.all<{ id: string; feed_id: string; content_hash: string; pifs: number }>(
    `SELECT id, feed_id, content_hash, published_is_first_seen AS pifs FROM entries WHERE ${byId.sql}`,
    byId.params,
  );
  for (const r of rows)
    s.rows.set(r.id, { feedId: r.feed_id, contentHash: r.content_hash, publishedIsFirstSeen: r.pifs === 1 });
  const byEntry = valueIn(q, "entry_id", list);
  const sources = await q.all<{ entry_id: string; feed_id: string; guid: string | null }>(
    `SELECT entry_id, feed_id, guid FROM entry_sources WHERE ${byEntry.sql}`,
    byEntry.params,
  );
  for (const r of sources) {
    const l = s.sources.get(r.entry_id) ?? [];
    l.push({ feedId: r.feed_id, guid: r.guid });
    s.sources.set(r.entry_id, l);
  }
  return s;
}

/**
 * SQLite: insert `rows` (ON CONFLICT DO NOTHING) in order, one cached single-row statement each
 * (in-process, no round trips); with `ids`, resolves to the first column of those inserted.
 */
async function insertEach(
  q: Sql,
  table: string,
  columns: string,
  rows: Param[][],
  ids: boolean,
): Promise<Param[]> {
  const out: Param[] = [];
  const one = `(${columns
    .split(",")
    .map(() => "?")
    .join(", ")})`;
  const text = `INSERT INTO ${table} (${columns}) VALUES ${one} ON CONFLICT DO NOTHING`;
  for (const r of rows) if ((await q.run(text, r)) > 0 && ids) out.push(r[0]!);
  return out;
}

/** PostgreSQL's type of each column the batch writes: text, but for one flag. */
const pgTypes = (columns: string): ColumnType[] =>
  columns.split(", ").map((c) => (c === "published_is_first_seen" ? "integer" : "text"));
const ENTRY_TYPES = pgTypes(ENTRY_COLUMNS);
const SOURCE_TYPES = pgTypes(SOURCE_COLUMNS);

/**
 * PostgreSQL: the batch's entries and their sources in one statement, a round trip, whatever their
 * number; the sources are stored only when every entry was (otherwise the caller takes the inserted
 * ones back). The rows travel as one array per column (column-arrays.ts), so the statement's text
 * never changes and is prepared once per connection. Resolves to the ids inserted.
 */
async function insertBoth(q: Sql, plan: Plan): Promise<Param[]> {
  if (plan.inserts.length === 0 && plan.sources.length === 0) return [];
  const rows = columnArrays(plan.inserts, ENTRY_TYPES);
  const sources = columnArrays(plan.sources, SOURCE_TYPES);
  const text = `WITH e AS (INSERT INTO entries (${ENTRY_COLUMNS}) SELECT * FROM ${rows.from} ON CONFLICT DO NOTHING RETURNING id),
      s AS (INSERT INTO entry_sources (${SOURCE_COLUMNS})
        SELECT * FROM ${sources.from} WHERE (SELECT count(*) FROM e) = CAST(? AS integer)
        ON CONFLICT DO NOTHING)
    SELECT id FROM e`;
  const params = [...rows.params, ...sources.params, plan.inserts.length];
  return (await q.all<{ id: string }>(text, params, { prepare: true })).map((r) => r.id);
}

/** Take back rows this transaction inserted a moment ago (no source refers to them yet). */
async function deleteEntries(q: Sql, ids: readonly Param[]): Promise<void> {
  if (ids.length === 0) return;
  const byId = valueIn(q, "id", ids.map(String));
  await q.run(`DELETE FROM entries WHERE ${byId.sql}`, byId.params);
}

/** Stored entries' edits and feed dates: rare (a story edited, a date given later), one statement each. */
async function applyUpdates(q: Sql, plan: Plan): Promise<void> {
  for (const [id, u] of plan.updates) {
    if (u.text)
      await q.run(`UPDATE entries SET ${TEXT_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`, [
        ...u.text,
        id,
      ]);
    if (u.published !== undefined)
      await q.run("UPDATE entries SET published = ?, published_is_first_seen = 0 WHERE id = ?", [
        u.published,
        id,
      ]);
  }
}
