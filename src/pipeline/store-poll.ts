/**
 * Storing one poll's entries together with the feed's new state, in one transaction. The main
 * thread runs this for small runs, the daemon and PostgreSQL; parse workers run it for big runs on
 * SQLite, each on its own connection to the same file, so storing no longer waits for the main thread.
 */

import type { Fence } from "../store/claims.ts";
import type { Sql } from "../store/db.ts";
import { upsertEntries } from "../store/entries.ts";
import { type FeedUpdate, updateFeed } from "../store/feeds.ts";
import type { NormalizedEntry } from "../types.ts";

/** What a successful poll writes besides its entries. Structured-cloneable. */
export interface StoreSpec {
  feedId: string;
  /** The feed's new state (health, validators, URL), but for what storing decides below. */
  update: FeedUpdate;
  /** Entries seen before this poll; the new ones are added. */
  entriesSeen: number;
  /** The claim the poll holds (PostgreSQL): storing is refused (FENCED) when it is no longer its own. */
  fence?: Fence;
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
export async function storePoll(
  db: Sql,
  entries: readonly NormalizedEntry[],
  spec: StoreSpec,
): Promise<StoredPoll> {
  const oldest = oldestItem(entries);
  const inserted = await db.tx(async (q) => {
    const r = await upsertEntries(q, entries);
    await updateFeed(
      q,
      spec.feedId,
      {
        ...spec.update,
        entriesSeen: spec.entriesSeen + r.inserted,
        lastPollOldestItem: oldest,
      },
      spec.fence,
    );
    return r.inserted;
  });
  return { inserted, seen: entries.length, oldest };
}
