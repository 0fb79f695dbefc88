/** Per-feed state: conditional-GET validators, health, resolved URL, gone flag. */
import type { FeedState } from "../types.ts";
import type { Db } from "./sqlite/db.ts";

interface Row {
  feed_id: string;
  configured_url: string;
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_attempt: string | null;
  last_success: string | null;
  last_status: string | null;
  last_error: string | null;
  consecutive_failures: number;
  next_poll: string | null;
  gone: number;
  entries_seen: number;
  last_poll_oldest_item: string | null;
}

function fromRow(r: Row): FeedState {
  return {
    feedId: r.feed_id,
    url: r.url,
    configuredUrl: r.configured_url,
    etag: r.etag,
    lastModified: r.last_modified,
    lastAttempt: r.last_attempt,
    lastSuccess: r.last_success,
    lastStatus: r.last_status,
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    nextPoll: r.next_poll,
    gone: r.gone === 1,
    entriesSeen: r.entries_seen,
    lastPollOldestItem: r.last_poll_oldest_item,
  };
}

/**
 * The state of a configured feed, created on first sight. When the URL in feeds.yaml changed,
 * everything learnt about the old URL (validators, redirect target, gone flag, failures) is reset.
 */
export function ensureFeed(db: Db, feedId: string, configuredUrl: string): FeedState {
  const row = db.stmt("SELECT * FROM feeds WHERE feed_id = ?").get(feedId) as Row | undefined;
  if (!row) {
    db.stmt("INSERT INTO feeds (feed_id, configured_url, url) VALUES (?, ?, ?)").run(
      feedId,
      configuredUrl,
      configuredUrl,
    );
  } else if (row.configured_url !== configuredUrl) {
    db.stmt(
      `UPDATE feeds SET configured_url = ?, url = ?, etag = NULL, last_modified = NULL, gone = 0,
         consecutive_failures = 0, next_poll = NULL, last_error = NULL WHERE feed_id = ?`,
    ).run(configuredUrl, configuredUrl, feedId);
  } else {
    return fromRow(row);
  }
  return getFeed(db, feedId)!;
}

/** The stored state of one feed, or undefined. */
export function getFeed(db: Db, feedId: string): FeedState | undefined {
  const row = db.stmt("SELECT * FROM feeds WHERE feed_id = ?").get(feedId) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** Every stored feed state, by id. */
export function listFeeds(db: Db): FeedState[] {
  return (db.stmt("SELECT * FROM feeds ORDER BY feed_id").all() as unknown as Row[]).map(fromRow);
}

/** Fields a poll may change. */
export type FeedUpdate = Partial<Omit<FeedState, "feedId" | "configuredUrl">>;

const COLUMNS: Record<keyof FeedUpdate, string> = {
  url: "url",
  etag: "etag",
  lastModified: "last_modified",
  lastAttempt: "last_attempt",
  lastSuccess: "last_success",
  lastStatus: "last_status",
  lastError: "last_error",
  consecutiveFailures: "consecutive_failures",
  nextPoll: "next_poll",
  gone: "gone",
  entriesSeen: "entries_seen",
  lastPollOldestItem: "last_poll_oldest_item",
};

/** Write the given fields of a feed's state. */
export function updateFeed(db: Db, feedId: string, update: FeedUpdate): void {
  const keys = (Object.keys(update) as (keyof FeedUpdate)[]).filter((k) => update[k] !== undefined);
  if (keys.length === 0) return;
  const set = keys.map((k) => `${COLUMNS[k]} = ?`).join(", ");
  const values = keys.map((k) => {
    const v = update[k];
    return typeof v === "boolean" ? (v ? 1 : 0) : (v as string | number | null);
  });
  db.stmt(`UPDATE feeds SET ${set} WHERE feed_id = ?`).run(...values, feedId);
}
