/**
 * Per-feed claims, for several processes polling from one PostgreSQL store: a claim names its owner,
 * expires unless renewed, and carries a fencing token (the feed's claim counter) that every write of
 * the poll must still match, so a process that stalled past its claim cannot overwrite a newer poll.
 */
import type { FeedState } from "../types.ts";
import type { Sql } from "./db.ts";
import { type FeedRow, fromRow } from "./feeds.ts";

/** Who claims: a random id per process, and "host/pid" for people. */
export interface Claimant {
  owner: string;
  by: string;
}

/** What the poll's writes must match: still this owner, still this token. */
export interface Fence {
  owner: string;
  token: number;
  /** Recorded as the feed's last poller. */
  by: string;
  /**
   * Set by the poll's last write (updateFeed), which gives the claim back in the same statement:
   * `closing` before it is sent (a renewal then does not take the claim's end for a loss), `after`
   * once it is stored, the feed's state as written (nothing to release, nothing to read again).
   */
  closing?: boolean;
  after?: FeedState;
}

/**
 * The outcome of a claim: taken (with its token); held by another unexpired claim; or not now, because
 * the feed's host has `perHost` polls in flight across all processes or asked every client to wait.
 */
export type ClaimResult =
  | { token: number; state: FeedState }
  | { heldBy: string; until: string }
  | { hostBusy: true }
  | { hostWait: string };

/** Where the feed's requests go, and how many polls of that host may run at once across all processes. */
export interface HostLimit {
  host: string;
  perHost: number;
}

/**
 * Claim `feedId` until `now + ttlMs` unless another owner's claim on it is unexpired, its host is
 * busy or waiting; a claim taken comes with the feed's state as it stands. The row is taken with SKIP
 * LOCKED, so of two processes claiming at once exactly one gets it and neither waits for the other;
 * claims of one host are serialized by a transaction-scoped advisory lock on the host, so the count
 * of its live claims is exact. On PostgreSQL this is one round trip (see claimOnPostgres).
 */
export async function claimFeed(
  db: Sql,
  feedId: string,
  me: Claimant,
  now: Date,
  ttlMs: number,
  limit: HostLimit,
): Promise<ClaimResult> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + ttlMs).toISOString();
  if (db.dialect === "postgres") return claimOnPostgres(db, feedId, me, at, until, limit);
  const r = await db.tx(async (q): Promise<ClaimResult | null> => {
    const wait = await q.get<{ until: string }>("SELECT until FROM host_waits WHERE host = ?", [limit.host]);
    // Compared as instants: the wait is stored to the second, as a feed's next allowed poll is.
    if (wait && Date.parse(wait.until) > now.getTime()) return { hostWait: wait.until };
    const busy = await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM feeds WHERE ${LIVE_ON_HOST}`, [
      limit.host,
      at,
      feedId,
    ]);
    if ((busy?.n ?? 0) >= limit.perHost) return { hostBusy: true };
    const row = await q.get<FeedRow & { claim_token: number }>(
      `UPDATE feeds SET ${TAKE} WHERE feed_id = ? AND ${CLAIMABLE} RETURNING *`,
      [me.owner, me.by, until, limit.host, feedId, me.owner, at],
    );
    return row ? { token: Number(row.claim_token), state: fromRow(row) } : null;
  });
  if (r) return r;
  const held = await db.get<{ claim_by: string | null; claim_expires: string | null }>(
    "SELECT claim_by, claim_expires FROM feeds WHERE feed_id = ?",
    [feedId],
  );
  // Not claimable but no live claim on record: its holder was writing it (locked) at that instant.
  return { heldBy: held?.claim_by ?? "another process", until: held?.claim_expires ?? at };
}

const LIVE_ON_HOST = "claim_host = ? AND claim_owner IS NOT NULL AND claim_expires > ? AND feed_id <> ?";
const TAKE =
  "claim_owner = ?, claim_by = ?, claim_expires = ?, claim_host = ?, claim_token = claim_token + 1";
const CLAIMABLE = "(claim_owner IS NULL OR claim_owner = ? OR claim_expires <= ?)";

/**
 * The claim as one script, one round trip: the host's advisory lock, then one statement (a fresh
 * snapshot, so it counts the claims committed while it waited for the lock) that checks the host's
 * wait and live claims, takes the row if all is well, and says why not otherwise. That statement is
 * prepared on each connection: its plan (by primary key and the claims' partial index) does not
 * depend on the values, and planning it anew cost the server more than running it.
 */
async function claimOnPostgres(
  db: Sql,
  feedId: string,
  me: Claimant,
  at: string,
  until: string,
  limit: HostLimit,
): Promise<ClaimResult> {
  const [r] = await db.script<
    Partial<FeedRow> & {
      wait_until: string | null;
      busy_n: number;
      held_by: string | null;
      held_until: string | null;
      claim_token: number | null;
    }
  >([
    {
      text: "SELECT pg_advisory_xact_lock(hashtext(?))",
      params: [`feedwright host ${limit.host}`],
      prepare: true,
    },
    {
      text: `WITH wait AS (SELECT until FROM host_waits
               WHERE host = ? AND CAST(until AS timestamptz) > CAST(? AS timestamptz)),
             busy AS (SELECT COUNT(*) AS n FROM feeds WHERE ${LIVE_ON_HOST}),
             taken AS (UPDATE feeds SET ${TAKE}
               WHERE feed_id = (SELECT feed_id FROM feeds WHERE feed_id = ? AND ${CLAIMABLE} FOR UPDATE SKIP LOCKED)
                 AND NOT EXISTS (SELECT 1 FROM wait) AND (SELECT n FROM busy) < ?
               RETURNING *)
           SELECT (SELECT until FROM wait) AS wait_until, (SELECT n FROM busy) AS busy_n,
             (SELECT claim_by FROM feeds WHERE feed_id = ?) AS held_by,
             (SELECT claim_expires FROM feeds WHERE feed_id = ?) AS held_until, taken.*
           FROM (SELECT 1) AS one LEFT JOIN taken ON TRUE`,
      prepare: true,
      params: [
        limit.host,
        at,
        limit.host,
        at,
        feedId,
        me.owner,
        me.by,
        until,
        limit.host,
        feedId,
        me.owner,
        at,
        limit.perHost,
        feedId,
        feedId,
      ],
    },
  ]);
  if (r?.claim_token != null) return { token: Number(r.claim_token), state: fromRow(r as FeedRow) };
  if (r?.wait_until) return { hostWait: r.wait_until };
  if (Number(r?.busy_n ?? 0) >= limit.perHost) return { hostBusy: true };
  // Not claimable but no live claim on record: its holder was writing it (locked) at that instant.
  return { heldBy: r?.held_by ?? "another process", until: r?.held_until ?? at };
}

/** Record that `host` asked every client to wait until `until` (a 429/503 Retry-After), for all processes. */
export async function setHostWait(db: Sql, host: string, until: string): Promise<void> {
  await db.run(
    `INSERT INTO host_waits (host, until) VALUES (?, ?)
     ON CONFLICT (host) DO UPDATE SET until = excluded.until WHERE host_waits.until < excluded.until`,
    [host, until],
  );
}

/** Extend every claim `owner` holds; resolves to the feeds still held (the others were lost). */
export async function renewClaims(db: Sql, owner: string, now: Date, ttlMs: number): Promise<Set<string>> {
  const rows = await db.all<{ feed_id: string }>(
    "UPDATE feeds SET claim_expires = ? WHERE claim_owner = ? RETURNING feed_id",
    [new Date(now.getTime() + ttlMs).toISOString(), owner],
  );
  return new Set(rows.map((r) => r.feed_id));
}

/** Give up the claim on `feedId` if it is still this one (the token unchanged). */
export async function releaseClaim(db: Sql, feedId: string, fence: Fence): Promise<void> {
  await db.run(
    `UPDATE feeds SET claim_owner = NULL, claim_expires = NULL
     WHERE feed_id = ? AND claim_owner = ? AND claim_token = ?`,
    [feedId, fence.owner, fence.token],
  );
}

/** Give up every claim `owner` holds (shutdown), so other processes take the feeds at once. */
export async function releaseAllClaims(db: Sql, owner: string): Promise<number> {
  return db.run("UPDATE feeds SET claim_owner = NULL, claim_expires = NULL WHERE claim_owner = ?", [owner]);
}

/** Who holds or last polled each feed: feed id → "host/pid" claims (live ones only) and last pollers. */
export async function claimHolders(
  db: Sql,
  now: Date,
): Promise<Map<string, { heldBy: string | null; polledBy: string | null }>> {
  const rows = await db.all<{
    feed_id: string;
    claim_by: string | null;
    claim_owner: string | null;
    claim_expires: string | null;
    polled_by: string | null;
  }>("SELECT feed_id, claim_owner, claim_by, claim_expires, polled_by FROM feeds");
  const at = now.toISOString();
  return new Map(
    rows.map((r) => [
      r.feed_id,
      {
        heldBy:
          r.claim_owner !== null && r.claim_expires !== null && r.claim_expires > at ? r.claim_by : null,
        polledBy: r.polled_by,
      },
    ]),
  );
}
