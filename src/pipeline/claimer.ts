/**
 * A process's claims on feeds (PostgreSQL, several processes): take one before polling, renew every
 * claim held while polls run, give it back after, and count what was taken, lost and refused.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "../log.ts";
import {
  type Claimant,
  claimFeed,
  type Fence,
  releaseAllClaims,
  releaseClaim,
  renewClaims,
} from "../store/claims.ts";
import type { Db } from "../store/db.ts";
import type { FeedState } from "../types.ts";

/** The default claim lifetime (`daemon.leaseTtl`): how long a dead process's feeds wait for another. */
export const CLAIM_TTL_MS = 30_000;

/** Counted claim events (the daemon's metrics). */
export type ClaimEvent = "taken" | "lost" | "fenced";

/** What a claimer needs. */
export interface ClaimerOptions {
  ttlMs: number;
  /** Polls of one host at once across every process (`fetch.perHost`). */
  perHost: number;
  now: () => Date;
  log: Logger;
  /** A timer (the daemon's clock); setTimeout by default. */
  after?: (ms: number, fn: () => void) => { cancel(): void };
  onEvent?: (event: ClaimEvent, feedId: string) => void;
}

/**
 * A feed not claimed now: another process holds it (`heldBy`, its claim running until `until` unless
 * renewed), or its host is busy with `perHost` polls across all processes, or asked to wait until `until`.
 */
export interface NotNow {
  why: "held" | "host-busy" | "host-wait";
  heldBy: string | null;
  until: string;
}

/** This process's claims. */
export interface Claimer {
  readonly me: Claimant;
  /**
   * Claim `feedId` (requests to `host`), run `work` with the claim's fence and the feed's state as
   * claimed, give the claim back (unless the poll's last write did); or say why not.
   */
  with<T>(
    feedId: string,
    host: string,
    work: (fence: Fence, state: FeedState) => Promise<T>,
  ): Promise<T | NotNow>;
  /** Note a write the store refused because the claim was lost (one line, counted). */
  refused(feedId: string, why: string | null): void;
  /** Give every claim back at once (shutdown) and stop renewing. */
  close(): Promise<void>;
}

const defaultAfter = (ms: number, fn: () => void) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

/** True when `r` says the feed was not claimed. */
export function isNotNow(r: unknown): r is NotNow {
  return typeof r === "object" && r !== null && "why" in r && "until" in r && "heldBy" in r;
}

/** How long to wait before asking again for a host that is busy elsewhere: a poll's usual length. */
export const HOST_BUSY_RETRY_MS = 250;

/** A claimer for this process on `db`. */
export function createClaimer(db: Db, opts: ClaimerOptions): Claimer {
  const me: Claimant = { owner: randomUUID(), by: `${hostname()}/${process.pid}` };
  const after = opts.after ?? defaultAfter;
  const held = new Map<string, Fence>();
  // Claims a renewal found lost, so that the refused write that follows is not counted as a second loss.
  const lost = new Set<string>();
  let timer: { cancel(): void } | null = null;
  let closed = false;

  // One statement renews every claim; a claim missing from its answer was taken over (this process stalled).
  const renew = async () => {
    timer = null;
    if (closed || held.size === 0) return;
    try {
      const still = await renewClaims(db, me.owner, opts.now(), opts.ttlMs);
      for (const [id, fence] of held) {
        // A claim given back by the poll's last write meanwhile was not lost.
        if (still.has(id) || held.get(id) !== fence || fence.closing) continue;
        held.delete(id);
        lost.add(id);
        opts.onEvent?.("lost", id);
        opts.log.warn(
          { feed: id, owner: me.by },
          "claim on feed lost: it expired and another process may poll it",
        );
      }
    } catch (err) {
      // The store unreachable: try again at the next beat, well before the claims expire.
      opts.log.debug({ err }, "renewing claims failed");
    }
    arm();
  };
  const arm = () => {
    if (!timer && !closed && held.size > 0) timer = after(opts.ttlMs / 3, () => void renew());
  };

  return {
    me,
    async with(feedId, host, work) {
      const now = opts.now();
      const r = await claimFeed(db, feedId, me, now, opts.ttlMs, { host, perHost: opts.perHost });
      lost.delete(feedId);
      if ("heldBy" in r) return { why: "held", heldBy: r.heldBy, until: r.until };
      if ("hostWait" in r) return { why: "host-wait", heldBy: null, until: r.hostWait };
      if ("hostBusy" in r) {
        const until = new Date(now.getTime() + HOST_BUSY_RETRY_MS).toISOString();
        return { why: "host-busy", heldBy: null, until };
      }
      const fence: Fence = { owner: me.owner, token: r.token, by: me.by };
      held.set(feedId, fence);
      opts.onEvent?.("taken", feedId);
      arm();
      let done = false;
      try {
        const out = await work(fence, r.state);
        done = true;
        return out;
      } finally {
        if (held.get(feedId) === fence) held.delete(feedId);
        if (held.size === 0) {
          timer?.cancel();
          timer = null;
        }
        // Released already when the poll's last write was stored; a failed release only leaves the
        // claim to expire.
        if (!done || fence.after === undefined) await releaseClaim(db, feedId, fence).catch(() => {});
      }
    },
    refused(feedId, why) {
      // A refused write means the claim was lost, whether or not a renewal noticed it first.
      if (!lost.delete(feedId)) opts.onEvent?.("lost", feedId);
      opts.onEvent?.("fenced", feedId);
      opts.log.warn({ feed: feedId, owner: me.by, err: why ?? undefined }, "late write refused: claim lost");
    },
    async close() {
      closed = true;
      timer?.cancel();
      timer = null;
      held.clear();
      await releaseAllClaims(db, me.owner);
    },
  };
}
