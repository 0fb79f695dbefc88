/** The ids a batch of entries already has in the store, found with two queries for the whole batch. */
import type { NormalizedEntry } from "../types.ts";
import type { Sql } from "./db.ts";

/** A JSON array bound as a table of rows: SQLite's json_each, PostgreSQL's jsonb_array_elements. */
export const jsonRows = (q: Sql) =>
  q.dialect === "sqlite" ? "json_each(?)" : "jsonb_array_elements(CAST(? AS jsonb))";
/** A row's scalar value as text (json_each's value already is; a jsonb element is not). */
export const jsonText = (q: Sql) => (q.dialect === "sqlite" ? "j.value" : "(j.value #>> '{}')");

/**
 * The stored entries a batch's guids (per feed) and URLs (from any feed) already name, looked up with
 * one query each instead of two per entry; kept current as the batch inserts, so duplicates inside
 * the batch are found as well.
 */
export class KnownIds {
  private readonly guids = new Map<string, string>(); // feed id + "\n" + guid → entry id
  private readonly urls = new Map<string, string>();
  async load(q: Sql, entries: readonly NormalizedEntry[]): Promise<this> {
    const pairs = entries.flatMap((e) => (e.guid === null ? [] : [[e.feedId, e.guid]]));
    const urls = entries.flatMap((e) => (e.url === null ? [] : [e.url]));
    type Found = { feed: string; key: string; id: string };
    if (pairs.length > 0) {
      const found = await q.all<Found>(
        `SELECT s.feed_id AS feed, s.guid AS key, s.entry_id AS id FROM ${jsonRows(q)} AS j
           JOIN entry_sources AS s ON s.feed_id = j.value ->> 0 AND s.guid = j.value ->> 1`,
        [JSON.stringify(pairs)],
      );
      for (const r of found) this.guids.set(`${r.feed}\n${r.key}`, r.id);
    }
    if (urls.length > 0) {
      const found = await q.all<Found>(
        `SELECT e.url AS key, e.id AS id FROM ${jsonRows(q)} AS j JOIN entries AS e ON e.url = ${jsonText(q)}`,
        [JSON.stringify(urls)],
      );
      for (const r of found) this.urls.set(r.key, r.id);
    }
    return this;
  }
  byGuid(feedId: string, guid: string): string | undefined {
    return this.guids.get(`${feedId}\n${guid}`);
  }
  byUrl(url: string): string | undefined {
    return this.urls.get(url);
  }
  /** Records what an insert stored: the feed's guid (when kept) and the entry's URL. */
  stored(id: string, feedId: string, guid: string | null, url: string | null): void {
    if (guid !== null) this.guids.set(`${feedId}\n${guid}`, id);
    if (url !== null) this.urls.set(url, id);
  }
}
