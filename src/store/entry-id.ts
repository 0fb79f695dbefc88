/** The id a new entry is stored under. */
import { hash } from "node:crypto";
import type { NormalizedEntry } from "../types.ts";

/**
 * A new entry's id: 20 hex digits, the first 6 from its feed and the rest from its identity in the
 * feed. A poll inserts one feed's entries together, and with a common prefix they land side by side
 * in the id indexes (entries, entry_sources) instead of on a random page each: that halved the WAL
 * a first fetch of 1,000 feeds writes (725 → 354 MB for 54,000 entries). Ids stay opaque: older
 * entries keep the ids they were stored with.
 */
export function entryId(e: NormalizedEntry): string {
  const identity = e.guid ?? e.url ?? e.fallbackKey ?? e.contentHash;
  return feedPrefix(e.feedId) + hash("sha256", `${e.feedId}\n${identity}`).slice(0, 14);
}

/** The 6-digit prefix of a feed's entry ids, hashed once per feed (a poll inserts dozens). */
const prefixes = new Map<string, string>();
function feedPrefix(feedId: string): string {
  let p = prefixes.get(feedId);
  if (p === undefined) {
    p = hash("sha256", feedId).slice(0, 6);
    prefixes.set(feedId, p);
  }
  return p;
}
