/** The ids a batch of entries already has in the store, found with one query for the whole batch. */
import type { NormalizedEntry } from "../types.ts";
import type { Param, Sql } from "./db.ts";
import { pairRows, probeUnique, valueRows } from "./key-rows.ts";

/**
 * The stored entries a batch's guids (per feed) and URLs (from any feed) already name, looked up with
 * one query instead of two per entry; kept current as the batch inserts, so duplicates inside
 * the batch are found as well.
 */
export class KnownIds {
  private readonly guids = new Map<string, string>(); // feed id + "\n" + guid → entry id
  private readonly urls = new Map<string, string>();
  async load(q: Sql, entries: readonly NormalizedEntry[]): Promise<this> {
    const pairs = entries.flatMap((e) => (e.guid === null ? [] : [[e.feedId, e.guid] as const]));
    const urls = entries.flatMap((e) => (e.url === null ? [] : [e.url]));
    // Both lookups in one statement: on PostgreSQL each statement is a round trip, one per feed polled.
    const parts: string[] = [];
    const params: Param[] = [];
    if (pairs.length > 0) {
      const p = probeUnique(
        q,
        pairRows(q, pairs),
        "entry_sources",
        "s",
        ["feed_id", "guid"],
        "'guid' AS kind, s.feed_id AS feed, s.guid AS key, s.entry_id AS id",
      );
      parts.push(p.sql);
      params.push(...p.params);
    }
    if (urls.length > 0) {
      const p = probeUnique(
        q,
        valueRows(q, urls),
        "entries",
        "e",
        ["url"],
        "'url' AS kind, NULL AS feed, e.url AS key, e.id AS id",
      );
      parts.push(p.sql);
      params.push(...p.params);
    }
    if (parts.length === 0) return this;
    type Found = { kind: "guid" | "url"; feed: string | null; key: string; id: string };
    for (const r of await q.all<Found>(parts.join(" UNION ALL "), params)) {
      if (r.kind === "guid") this.guids.set(`${r.feed}\n${r.key}`, r.id);
      else this.urls.set(r.key, r.id);
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
