/** One scheduled poll: pollFeed, then one structured log line and the metrics. */
import { pollFeed } from "../pipeline/poll.ts";
import { getFeed } from "../store/feeds.ts";
import type { FeedReport } from "../types.ts";
import type { Runtime } from "./runtime.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/** The `may have missed items` signal of a report, when the poll reports one. */
function missedSignal(report: FeedReport): { missed: boolean; oldest: string | null } {
  const r = report as FeedReport & { mayHaveMissed?: unknown; oldestItem?: unknown };
  return {
    missed: r.mayHaveMissed === true,
    oldest: typeof r.oldestItem === "string" ? r.oldestItem : null,
  };
}

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
  const state = getFeed(rt.db, feedId);
  rt.metrics.poll(report, state?.lastSuccess ?? null);
  const { missed, oldest } = missedSignal(report);
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
    if (missed) {
      rt.log.warn(
        { feed: feedId, oldestItem: oldest ?? undefined },
        "poll: the feed's oldest item is newer than the previous poll, items may have been missed: poll it more often",
      );
    }
  };
}
