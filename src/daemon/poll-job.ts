/** One scheduled poll: pollFeed, then one structured log line and the metrics (pollFeed itself warns of missed items). */
import { pollFeed } from "../pipeline/poll.ts";
import { getFeed } from "../store/feeds.ts";
import type { Runtime } from "./runtime.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Poll `feedId` once. Resolves to a callback the poller calls with the feed's next poll time,
 * so the log line can say when the feed is polled again.
 */
export async function pollJob(rt: Runtime, feedId: string): Promise<(nextAt: number | null) => void> {
  const config = rt.config;
  const feed = config.feeds.find((f) => f.id === feedId);
  if (!feed) return () => {};
  const report = await pollFeed(feed, {
    config,
    db: rt.db,
    fetcher: rt.fetcher,
    log: rt.log,
    now: () => new Date(rt.clock.now()),
    signal: rt.abort,
  });
  const state = await getFeed(rt.db, feedId);
  if (state) rt.states.set(feedId, state);
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
