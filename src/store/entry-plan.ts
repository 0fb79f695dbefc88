/**
 * Planning a batch of entries in memory: the decisions upsertOneByOne() makes with a query each,
 * made here from what the store held when the batch looked (loaded with a few queries), so that a
 * feed's entries are then written with a few multi-row statements (a round trip each on a server).
 */
import type { NormalizedEntry } from "../types.ts";
import type { Param } from "./db.ts";
import { entryId, entryRow, entryText } from "./entry-id.ts";
import type { UpsertResult } from "./entry-upsert-each.ts";
import type { KnownIds } from "./known-ids.ts";

/** The columns of an entry_sources row in a plan, in this order. */
export const SOURCE_COLUMNS = "entry_id, feed_id, guid, fallback_key, link, title, first_seen";

/** What the store holds that the batch's lookups touch; the planner keeps it current as it goes. */
export interface StoredState {
  /** Entry ids by feed+guid and by URL, as upsertOneByOne() keeps them. */
  known: KnownIds;
  /** `feed\nguid` pairs of the batch that entry_sources holds (its unique index on them). */
  sourceGuids: Set<string>;
  /** `feed\nfallback_key` → entry id, for the batch's keys that entry_sources holds. */
  fallbacks: Map<string, string>;
  /** The stored entries the lookups found: what updating them depends on. */
  rows: Map<string, Row>;
  /** Their sources' feed and guid (whether a feed is already a source). */
  sources: Map<string, { feedId: string; guid: string | null }[]>;
}

/** What updating an entry depends on; `values` is the row when this batch inserts it. */
export interface Row {
  feedId: string;
  contentHash: string;
  publishedIsFirstSeen: boolean;
  values?: Param[];
}

/** The batch's writes, in the order the one-by-one path would make them. */
export interface Plan {
  result: UpsertResult;
  /** New entries rows (ENTRY_COLUMNS). */
  inserts: Param[][];
  /** New entry_sources rows (SOURCE_COLUMNS). */
  sources: Param[][];
  /** Stored entries' new text (TEXT_COLUMNS then id) and/or feed date, by id. */
  updates: Map<string, { text?: Param[]; published?: string }>;
}

/** Where TEXT_COLUMNS sit in an ENTRY_COLUMNS row. */
const TEXT_AT = [5, 6, 7, 8, 9, 13, 4, 14];

const key = (feedId: string, k: string) => `${feedId}\n${k}`;

/** Plan storing `entries` against `s` (which it updates): the same outcome as upsertOneByOne(). */
export function planEntries(s: StoredState, entries: readonly NormalizedEntry[]): Plan {
  const plan: Plan = {
    result: { inserted: 0, updated: 0, merged: 0, ids: [] },
    inserts: [],
    sources: [],
    updates: new Map(),
  };
  for (const e of entries) {
    let existing =
      (e.guid !== null ? s.known.byGuid(e.feedId, e.guid) : undefined) ??
      (e.url !== null ? s.known.byUrl(e.url) : undefined) ??
      (e.fallbackKey !== null ? s.fallbacks.get(key(e.feedId, e.fallbackKey)) : undefined);
    if (existing === undefined) {
      const id = entryId(e);
      // An id this batch stored already (the one-by-one insert would conflict and find it by id).
      if (!s.rows.has(id)) {
        insert(s, plan, id, e);
        continue;
      }
      existing = id;
    }
    plan.result.ids.push(existing);
    update(s, plan, existing, e);
  }
  return plan;
}

function insert(s: StoredState, plan: Plan, id: string, e: NormalizedEntry): void {
  const values = entryRow(id, e);
  plan.inserts.push(values);
  s.rows.set(id, {
    feedId: e.feedId,
    contentHash: e.contentHash,
    publishedIsFirstSeen: e.published === null,
    values,
  });
  addSource(s, plan, id, e, e.guid);
  s.known.stored(id, e.feedId, e.guid, e.url);
  plan.result.ids.push(id);
  plan.result.inserted++;
}

/** A story seen again: new text when its own feed edited it, a feed date once one is given, this feed as a source. */
function update(s: StoredState, plan: Plan, id: string, e: NormalizedEntry): void {
  const row = s.rows.get(id);
  if (row && row.feedId === e.feedId && row.contentHash !== e.contentHash) {
    // The publisher edited the story: keep identity and first-seen, take the new text.
    const text = entryText(e);
    if (row.values) for (const [i, at] of TEXT_AT.entries()) row.values[at] = text[i]!;
    else plan.updates.set(id, { ...plan.updates.get(id), text });
    row.contentHash = e.contentHash;
    plan.result.updated++;
  }
  if (row?.publishedIsFirstSeen && e.published !== null && row.feedId === e.feedId) {
    if (row.values) {
      row.values[10] = e.published;
      row.values[11] = 0;
    } else plan.updates.set(id, { ...plan.updates.get(id), published: e.published });
    row.publishedIsFirstSeen = false;
  }
  // This feed already a source of the entry: with the same guid, or any guid when this one has none.
  const known = (s.sources.get(id) ?? []).some(
    (x) => x.feedId === e.feedId && (x.guid === e.guid || (x.guid !== null && e.guid === null)),
  );
  if (known) return;
  // The feed's guid already names another entry (a feed reusing guids): keep this source guid-less.
  const guid = e.guid !== null && s.known.byGuid(e.feedId, e.guid) !== undefined ? null : e.guid;
  addSource(s, plan, id, e, guid);
  s.known.stored(id, e.feedId, guid, null);
  if (row && row.feedId !== e.feedId) plan.result.merged++;
}

/** A source row, unless a unique index (feed+guid, feed+fallback key) would skip it (ON CONFLICT DO NOTHING). */
function addSource(s: StoredState, plan: Plan, id: string, e: NormalizedEntry, guid: string | null): void {
  if (guid !== null && s.sourceGuids.has(key(e.feedId, guid))) return;
  if (e.fallbackKey !== null && s.fallbacks.has(key(e.feedId, e.fallbackKey))) return;
  plan.sources.push([id, e.feedId, guid, e.fallbackKey, e.link, e.title, e.firstSeen]);
  if (guid !== null) s.sourceGuids.add(key(e.feedId, guid));
  if (e.fallbackKey !== null) s.fallbacks.set(key(e.feedId, e.fallbackKey), id);
  const list = s.sources.get(id) ?? [];
  list.push({ feedId: e.feedId, guid });
  s.sources.set(id, list);
}
