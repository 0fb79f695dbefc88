/** One scheduled poll: pollFeed, then one structured log line and the metrics (pollFeed itself warns of missed items). */
import type { Config, FeedConfig } from "../config.ts";
import { isAppError } from "../errors.ts";
import { isNotNow } from "../pipeline/claimer.ts";
import { pollFeed } from "../pipeline/poll.ts";
import { hostOf } from "../reader/http/hostlimit.ts";
import type { Fence } from "../store/claims.ts";
import { getFeed } from "../store/feeds.ts";
import type { FeedReport } from "../types.ts";
import { isDue, type PollHistory } from "./interval.ts";
import type { Runtime } from "./runtime.ts";
import type { StoreHealth } from "./store-health.ts";

const iso = (ms: number) => new Date(ms).toISOString();

// A config's feeds by id, built once per config (a reload brings a new one): a poll looked its feed
// up in the whole list, a scan of thousands of feeds per poll.
const byId = new WeakMap<Config, Map<string, FeedConfig>>();
function feedsById(config: Config): Map<string, FeedConfig> {
  let m = byId.get(config);
  if (!m) {
    m = new Map(config.feeds.map((f) => [f.id, f]));
    byId.set(config, m);
  }
  return m;
}
const ms = (at: string | null) => (at ? Date.parse(at) : null);

/**
 * Poll `feedId` once. Resolves to a callback the poller calls with the feed's next poll time,
 * so the log line can say when the feed is polled again.
 */
export async function pollJob(rt: Runtime, feedId: string): Promise<(nextAt: number | null) => void> {
  const config = rt.config;
  const feed = feedsById(config).get(feedId);
  if (!feed) return () => {};
  const deps = {
    config,
    db: rt.db,
    fetcher: rt.fetcher,
    log: rt.log,
    now: () => new Date(rt.clock.now()),
    signal: rt.abort,
  };
  let report: FeedReport;
  let claimed: Fence | undefined;
  if (rt.claimer) {
    const intervalMs = feed.interval ?? config.fetch.interval;
    const host = hostOf(rt.states.get(feedId)?.url ?? feed.url);
    const r = await rt.claimer.with(feedId, host, async (fence, state) => {
      // Another daemon may have polled the feed since this one last looked: go by the store (the
      // state came with the claim), not memory.
      claimed = fence;
      rt.states.set(feedId, state);
      const history = {
        lastAttempt: ms(state.lastAttempt),
        consecutiveFailures: state.consecutiveFailures,
        notBefore: ms(state.nextPoll),
      };
      if (state.gone || !isDue(intervalMs, history, rt.clock.now())) return null;
      return pollFeed(feed, { ...deps, fence, state });
    });
    if (isNotNow(r)) {
      // Looked at again when that claim would expire (done by then, or its holder died and this one
      // takes over), when the host's wait ends, or shortly when the host was busy with other daemons.
      rt.heldElsewhere.set(feedId, Date.parse(r.until));
      return () => {};
    }
    rt.heldElsewhere.delete(feedId);
    if (r === null) return () => {};
    report = r;
    if (report.fenced) rt.claimer.refused(feedId, report.error);
  } else {
    report = await pollFeed(feed, deps);
  }
  // The poll's last write returned what it stored (a claimed poll); otherwise read it.
  const state = (!report.fenced && claimed?.after) || (await getFeed(rt.db, feedId));
  if (state) rt.states.set(feedId, state);
  if (report.fenced) return () => {};
  rt.metrics.poll(report, state?.lastSuccess ?? null);
  const missed = report.mayHaveMissed;
  const oldest = report.oldestItem;
  if (missed) {
    rt.metrics.mayHaveMissed(feedId);
    rt.missed.set(feedId, oldest);
  } else if (report.outcome === "ok") {
    rt.missed.delete(feedId);
  }
  const failed = report.outcome === "failed" || report.outcome === "gone";
  return (nextAt) => {
    const line = {
      feed: feedId,
      outcome: report.outcome,
      status: report.status,
      ms: report.durationMs,
      new: report.newEntries,
      bytes: report.bytes,
      failures: report.consecutiveFailures,
      code: failed && report.status === null ? (state?.lastStatus ?? undefined) : undefined,
      err: report.error ? rt.redact(report.error) : undefined,
      next: nextAt === null ? null : iso(nextAt),
      mayHaveMissed: missed || undefined,
      oldestItem: missed ? (oldest ?? undefined) : undefined,
    };
    if (failed) rt.log.warn(line, "poll");
    else rt.log.info(line, "poll");
  };
}

/** pollJob, but a store that does not answer is not the feed's failure: the poll waits for the store's next probe. */
export function watchedPoll(
  rt: Runtime,
  health: StoreHealth,
  feedId: string,
): Promise<((nextAt: number | null) => void) | undefined> {
  return pollJob(rt, feedId).catch((err: unknown) => {
    if (!isAppError(err, "STORE", "STORE_UNAVAILABLE")) throw err;
    health.failed(err);
    return undefined;
  });
}

/**
 * What the scheduler goes by: the feed's stored state as this daemon last read it, held back while
 * the store is out of reach, another daemon holds the feed, or the server asked to wait.
 */
export function pollHistory(
  rt: Runtime,
  health: StoreHealth,
  feedId: string,
): PollHistory & { gone: boolean } {
  const s = rt.states.get(feedId);
  const held = health.retryAt ?? rt.heldElsewhere.get(feedId) ?? null;
  const asked = ms(s?.nextPoll ?? null);
  return {
    lastAttempt: ms(s?.lastAttempt ?? null),
    consecutiveFailures: s?.consecutiveFailures ?? 0,
    notBefore: held === null || (asked !== null && asked > held) ? asked : held,
    gone: s?.gone ?? false,
  };
}
