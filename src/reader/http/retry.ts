/** When to try a feed again: Retry-After (per host), exponential backoff with jitter, the retry loop. */
import { FetchError } from "./fetch-error.ts";

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

/** How a fetcher retries. */
export interface RetryPolicy {
  retries: number;
  /** The longest Retry-After slept through; a longer one ends the fetch with `retryAt` set. */
  retryAfterMaxMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** Runs attempts with retries; remembers per host when a 429/503 Retry-After allows the next request. */
export function createRetrier(policy: RetryPolicy) {
  const hostNotBefore = new Map<string, number>();
  const iso = (ms: number) => new Date(ms).toISOString();

  const waitForHost = async (url: string, signal?: AbortSignal) => {
    const host = new URL(url).hostname;
    const until = hostNotBefore.get(host) ?? 0;
    const wait = until - policy.now();
    if (wait <= 0) return;
    if (wait > policy.retryAfterMaxMs) {
      throw new FetchError("FETCH_HTTP", `${host} asked to wait until ${iso(until)}`, {
        url,
        retryAt: iso(until),
        deferred: true,
      });
    }
    await policy.sleep(wait, signal);
  };

  return {
    /** Call `attempt` until it succeeds, fails for good, or the retries are spent. */
    async run<T>(url: string, signal: AbortSignal | undefined, attempt: () => Promise<T>) {
      for (let n = 1; ; n++) {
        await waitForHost(url, signal);
        try {
          return { value: await attempt(), attempts: n };
        } catch (err) {
          if (!(err instanceof FetchError)) throw err;
          const retryAt = err.retryAt ? Date.parse(err.retryAt) : null;
          if (retryAt !== null && (err.status === 429 || err.status === 503)) {
            // Rate limits are about the client, not one URL: the whole host gets its pause.
            const host = new URL(err.url).hostname;
            hostNotBefore.set(host, Math.max(hostNotBefore.get(host) ?? 0, retryAt));
          }
          const transient =
            err.code === "FETCH_NETWORK" ||
            err.code === "FETCH_TIMEOUT" ||
            TRANSIENT_STATUSES.has(err.status ?? 0);
          if (!transient || n > policy.retries || signal?.aborted) throw err;
          const delay = retryAt !== null ? retryAt - policy.now() : backoffMs(n, policy.random);
          if (delay > policy.retryAfterMaxMs) throw err;
          await policy.sleep(Math.max(0, delay), signal);
        }
      }
    },
  };
}
