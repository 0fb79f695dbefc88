/** When to try a feed again: Retry-After parsing and exponential backoff with jitter. */

/** HTTP statuses worth retrying in the same run: rate limits and server trouble. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Milliseconds a Retry-After header asks us to wait (delta-seconds or an HTTP date), measured from
 * `nowMs`; null when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 10 * 365 * 86_400) * 1000;
  // Only full HTTP dates count: Date.parse alone would accept "5" or "tomorrow"-like junk.
  if (!/[a-z]{3},?\s+\d|^\d{4}-\d\d-\d\d/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before retry number `attempt` (1-based): exponential from `baseMs`, capped, with "full
 * jitter" so many feeds failing together do not come back as one synchronized burst.
 */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
