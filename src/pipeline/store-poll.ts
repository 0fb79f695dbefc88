/**
 * Storing one poll's entries together with the feed's new state, in one transaction. The main
 * thread runs this for small runs and the daemon; parse workers run it for big runs, each on its
 * own connection to the same SQLite file, so storing no longer waits for the main thread.
 */

import { upsertEntries } from "../store/entries.ts";
import { type FeedUpdate, updateFeed } from "../store/feeds.ts";
import type { Db } from "../store/sqlite/db.ts";
import type { NormalizedEntry } from "../types.ts";

/** What a successful poll writes besides its entries. Structured-cloneable. */
export interface StoreSpec {
  feedId: string;
  /** The feed's new state (health, validators, URL), but for what storing decides below. */
  update: FeedUpdate;
  /** Entries seen before this poll; the new ones are added. */
  entriesSeen: number;
}

/** What storing a poll did. */
export interface StoredPoll {
  inserted: number;
  /** Entries in the response. */
  seen: number;
  /** The oldest feed-given date among them, or null when none is dated. */
  oldest: string | null;
}

/** The oldest feed-given date among `entries`, or null when none is dated. */
export function oldestItem(entries: readonly NormalizedEntry[]): string | null {
  let oldest: string | null = null;
  for (const e of entries)
    if (e.published !== null && (oldest === null || e.published < oldest)) oldest = e.published;
  return oldest;
}

/** Store `entries` and the feed's state in one transaction: a crash keeps both or neither. */
export function storePoll(db: Db, entries: readonly NormalizedEntry[], spec: StoreSpec): StoredPoll {
  const oldest = oldestItem(entries);
  const inserted = db.tx(() => {
    const r = upsertEntries(db, entries);
    updateFeed(db, spec.feedId, {
      ...spec.update,
      entriesSeen: spec.entriesSeen + r.inserted,
      lastPollOldestItem: oldest,
    });
    return r.inserted;
  });
  return { inserted, seen: entries.length, oldest };
}
