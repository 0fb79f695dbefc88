/** What a failed poll records: the feed's health, the next allowed poll, the gone flag. */
import { type AppError, oneLine } from "../errors.ts";
import { FetchError } from "../reader/http/fetch.ts";
import { hostOf } from "../reader/http/hostlimit.ts";
import { setHostWait } from "../store/claims.ts";
import { updateFeed } from "../store/feeds.ts";
import type { FeedReport, FeedState } from "../types.ts";
import type { PollDeps } from "./poll.ts";

/** A time as stored: ISO 8601 in UTC, to the second. */
export const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** Record `err` as this poll's failure (or, for a host-wide wait, as a skip) and report it. */
export async function recordFailure(
  err: AppError,
  state: FeedState,
  deps: PollDeps,
  report: FeedReport,
  durationMs: number,
): Promise<FeedReport> {
  const now = iso(deps.now());
  const fe = err instanceof FetchError ? err : null;
  const nextPoll = fe?.retryAt && fe.retryAt > now ? iso(new Date(fe.retryAt)) : null;
  if (fe?.deferred) {
    // The host asked every client to wait; no request was made, so this is not the feed failing.
    await updateFeed(deps.db, state.feedId, { nextPoll }, deps.fence);
    return { ...report, outcome: "skipped", error: oneLine(err), nextPoll, durationMs };
  }
  // Several processes (PostgreSQL): the host's rate limit holds for all of them, not just this one.
  if (deps.fence && fe && nextPoll && (fe.status === 429 || fe.status === 503))
    await setHostWait(deps.db, hostOf(fe.url), nextPoll);
  const gone = err.code === "FETCH_GONE";
  const failures = state.consecutiveFailures + 1;
  const error = nextPoll ? `${oneLine(err)}; server asked to wait until ${nextPoll}` : oneLine(err);
  await updateFeed(
    deps.db,
    state.feedId,
    {
      lastAttempt: now,
      lastStatus: fe?.status == null ? err.code : String(fe.status),
      lastError: error,
      consecutiveFailures: failures,
      nextPoll,
      gone,
    },
    deps.fence,
  );
  return {
    ...report,
    outcome: gone ? "gone" : "failed",
    status: fe?.status ?? null,
    error,
    hint: gone
      ? "the server says the feed is gone for good: change its url in feeds.yaml or pass --retry-gone"
      : report.hint,
    consecutiveFailures: failures,
    durationMs,
    nextPoll,
  };
}
