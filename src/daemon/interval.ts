/** When a feed is polled next: its interval, exponential backoff after failures, jitter, server wishes. */

/** Backoff never waits longer than this (unless the feed's own interval is longer). */
export const BACKOFF_CAP_MS = 24 * 3_600_000;
/** Each poll lands up to this fraction of the interval after its nominal time, so feeds drift apart. */
export const JITTER_FRACTION = 0.1;
/** ...but never more than this, so a daily feed is not late by hours. */
export const JITTER_MAX_MS = 5 * 60_000;

/** Feeds due at once (a start, a reload) are spread evenly over their interval, but at most this long. */
export const SPREAD_MAX_MS = 5 * 60_000;

/** The window over which feeds due at the same moment are spread. */
export function spreadWindow(intervalMs: number): number {
  return Math.min(SPREAD_MAX_MS, intervalMs);
}

/** The wait after a poll: the interval, doubled per consecutive failure, capped at 24h. */
export function backoffDelay(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(Math.max(BACKOFF_CAP_MS, intervalMs), intervalMs * 2 ** Math.min(failures, 30));
}

/** The jitter window of a feed polled every `intervalMs`. */
export function jitterWindow(intervalMs: number): number {
  return Math.min(JITTER_MAX_MS, intervalMs * JITTER_FRACTION);
}

/** What the store knows about a feed's last poll. */
export interface PollHistory {
  /** Epoch ms of the last attempt, or null when never polled. */
  lastAttempt: number | null;
  consecutiveFailures: number;
  /** Epoch ms before which the server asked not to be polled (Retry-After), or null. */
  notBefore: number | null;
}

/**
 * The nominal (un-jittered) time of a feed's next poll: the interval (with backoff) after the last
 * attempt, never before what the server asked, never in the past.
 */
export function nominalDue(intervalMs: number, h: PollHistory, now: number): number {
  const byInterval =
    h.lastAttempt === null ? now : h.lastAttempt + backoffDelay(intervalMs, h.consecutiveFailures);
  return Math.max(now, byInterval, h.notBefore ?? 0);
}

/** The jittered poll time: nominal plus a random share of the jitter window (`random` in [0, 1)). */
export function scheduledAt(intervalMs: number, h: PollHistory, now: number, random: () => number): number {
  return nominalDue(intervalMs, h, now) + Math.floor(random() * jitterWindow(intervalMs));
}

/** True when a feed should be polled at `now` by its interval (ignoring jitter): used before a draft. */
export function isDue(intervalMs: number, h: PollHistory, now: number): boolean {
  if (h.notBefore !== null && h.notBefore > now) return false;
  return h.lastAttempt === null || h.lastAttempt + backoffDelay(intervalMs, h.consecutiveFailures) <= now;
}
