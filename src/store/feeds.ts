/** Per-feed state: conditional-GET validators, health, resolved URL, gone flag. */

import { AppError } from "../errors.ts";
import type { FeedState } from "../types.ts";
import type { Fence } from "./claims.ts";
import type { Sql } from "./db.ts";

/** A row of the feeds table (the columns FeedState reads). */
export interface FeedRow {
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
  body_hash: string | null;
}

/** A feeds row as a FeedState. */
export function fromRow(r: FeedRow): FeedState {
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
    bodyHash: r.body_hash,
  };
}

/**
 * The state of a configured feed, created on first sight. When the URL in feeds.yaml changed,
 * everything learnt about the old URL (validators, redirect target, gone flag, failures) is reset.
 * Both writes are conditional, so two processes ensuring the same feed at once cannot collide.
 */
export async function ensureFeed(db: Sql, feedId: string, configuredUrl: string): Promise<FeedState> {
  const row = await db.get<FeedRow>("SELECT * FROM feeds WHERE feed_id = ?", [feedId]);
  if (row && row.configured_url === configuredUrl) return fromRow(row);
  if (!row) {
    await db.run(
      "INSERT INTO feeds (feed_id, configured_url, url) VALUES (?, ?, ?) ON CONFLICT (feed_id) DO NOTHING",
      [feedId, configuredUrl, configuredUrl],
    );
  }
  await db.run(
    `UPDATE feeds SET configured_url = ?, url = ?, etag = NULL, last_modified = NULL, gone = 0,
       consecutive_failures = 0, next_poll = NULL, last_error = NULL, body_hash = NULL WHERE feed_id = ? AND configured_url <> ?`,
    [configuredUrl, configuredUrl, feedId, configuredUrl],
  );
  return (await getFeed(db, feedId))!;
}

/**
 * The states of configured feeds, in their order, as ensureFeed would return each: the feeds never
 * seen are created with one multi-row INSERT per few hundred (a statement per feed was a round trip
 * each on PostgreSQL), and only a feed whose URL changed in feeds.yaml goes through ensureFeed.
 */
export async function ensureFeeds(
  db: Sql,
  feeds: readonly { id: string; url: string }[],
): Promise<FeedState[]> {
  let stored = new Map((await listFeeds(db)).map((s) => [s.feedId, s]));
  const missing = feeds.filter((f) => !stored.has(f.id));
  for (let i = 0; i < missing.length; i += 300) {
    const rows = missing.slice(i, i + 300);
    await db.run(
      `INSERT INTO feeds (feed_id, configured_url, url) VALUES ${rows.map(() => "(?, ?, ?)").join(", ")}
         ON CONFLICT (feed_id) DO NOTHING`,
      rows.flatMap((f) => [f.id, f.url, f.url]),
    );
  }
  if (missing.length > 0) stored = new Map((await listFeeds(db)).map((s) => [s.feedId, s]));
  const out: FeedState[] = [];
  for (const f of feeds) {
    const known = stored.get(f.id);
    out.push(known?.configuredUrl === f.url ? known : await ensureFeed(db, f.id, f.url));
  }
  return out;
}

/** The stored state of one feed, or undefined. */
export async function getFeed(db: Sql, feedId: string): Promise<FeedState | undefined> {
  const row = await db.get<FeedRow>("SELECT * FROM feeds WHERE feed_id = ?", [feedId]);
  return row ? fromRow(row) : undefined;
}

/** Every stored feed state, by id. */
export async function listFeeds(db: Sql): Promise<FeedState[]> {
  return (await db.all<FeedRow>("SELECT * FROM feeds ORDER BY feed_id")).map(fromRow);
}

/** A write by primary key: its plan never depends on the values, so PostgreSQL may keep it. */
const BY_KEY = { prepare: true } as const;

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
  bodyHash: "body_hash",
};

/**
 * Write the given fields of a feed's state. With a `fence` (a claimed poll, PostgreSQL) the write
 * happens only while the claim is still this poll's, records who polled and, being the poll's last
 * write, gives the claim back (fence.after: the state written); otherwise it throws FENCED and
 * writes nothing, so a transaction it is part of rolls back whole.
 */
export async function updateFeed(db: Sql, feedId: string, update: FeedUpdate, fence?: Fence): Promise<void> {
  const keys = (Object.keys(update) as (keyof FeedUpdate)[]).filter((k) => update[k] !== undefined);
  if (keys.length === 0 && !fence) return;
  const sets = keys.map((k) => `${COLUMNS[k]} = ?`);
  const values = keys.map((k) => {
    const v = update[k];
    return typeof v === "boolean" ? (v ? 1 : 0) : (v as string | number | null);
  });
  if (!fence) {
    await db.run(`UPDATE feeds SET ${sets.join(", ")} WHERE feed_id = ?`, [...values, feedId], BY_KEY);
    return;
  }
  fence.closing = true;
  fence.after = undefined; // a transaction run again after a deadlock writes again
  // Stored and released in one statement: one round trip less per poll than a separate release.
  const row = await db.get<FeedRow>(
    `UPDATE feeds SET ${[...sets, "polled_by = ?, claim_owner = NULL, claim_expires = NULL"].join(", ")}
     WHERE feed_id = ? AND claim_owner = ? AND claim_token = ? RETURNING *`,
    [...values, fence.by, feedId, fence.owner, fence.token],
    BY_KEY,
  );
  if (row) {
    fence.after = fromRow(row);
    return;
  }
  const now = await db.get<{ claim_by: string | null }>("SELECT claim_by FROM feeds WHERE feed_id = ?", [
    feedId,
  ]);
  throw new AppError(
    "FENCED",
    `feed ${feedId}: this poll's claim expired and ${now?.claim_by ?? "another process"} claimed the feed since: its results were not stored`,
  );
}
