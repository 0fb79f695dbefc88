/**
 * Per-feed claims, for several processes polling from one PostgreSQL store: a claim names its owner,
 * expires unless renewed, and carries a fencing token (the feed's claim counter) that every write of
 * the poll must still match, so a process that stalled past its claim cannot overwrite a newer poll.
 */
import type { Sql } from "./db.ts";

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
}

/** The outcome of a claim: taken (with its token), or held by another unexpired claim. */
export type ClaimResult = { token: number } | { heldBy: string; until: string };

/**
 * Claim `feedId` until `now + ttlMs` unless another owner's claim on it is unexpired. One statement:
 * the row is locked with SKIP LOCKED, so of two processes claiming at once exactly one gets it and
 * neither waits for the other; a row being written by its holder right now counts as held.
 */
export async function claimFeed(
  db: Sql,
  feedId: string,
  me: Claimant,
  now: Date,
  ttlMs: number,
): Promise<ClaimResult> {
  const at = now.toISOString();
  const lock = db.dialect === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
  const row = await db.get<{ claim_token: number }>(
    `UPDATE feeds SET claim_owner = ?, claim_by = ?, claim_expires = ?, claim_token = claim_token + 1
     WHERE feed_id = (SELECT feed_id FROM feeds WHERE feed_id = ?
       AND (claim_owner IS NULL OR claim_owner = ? OR claim_expires <= ?) ${lock})
     RETURNING claim_token`,
    [me.owner, me.by, new Date(now.getTime() + ttlMs).toISOString(), feedId, me.owner, at],
  );
  if (row) return { token: Number(row.claim_token) };
  const held = await db.get<{ claim_by: string | null; claim_expires: string | null }>(
    "SELECT claim_by, claim_expires FROM feeds WHERE feed_id = ?",
    [feedId],
  );
  // Not claimable but no live claim on record: its holder was writing it (locked) at that instant.
  return { heldBy: held?.claim_by ?? "another process", until: held?.claim_expires ?? at };
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
