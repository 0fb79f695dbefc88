/** One poll of one feed: fetch → parse → normalize → store, and the feed's health updated. */
import type { Config, FeedConfig } from "../config.ts";
import { isAppError, oneLine } from "../errors.ts";
import type { Logger } from "../log.ts";
import { FetchError, type Fetcher } from "../reader/fetch.ts";
import { normalizeFeed } from "../reader/normalize.ts";
import { parseFeed } from "../reader/parse.ts";
import type { Db } from "../store/db.ts";
import { upsertEntries } from "../store/entries.ts";
import { ensureFeed, updateFeed } from "../store/feeds.ts";
import type { FeedReport } from "../types.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";

/** What a poll needs from its caller. */
export interface PollDeps {
  config: Config;
  db: Db;
  fetcher: Fetcher;
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
  /** Poll feeds marked gone (410) again. */
  retryGone?: boolean;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** Poll one feed once and report how it went; never throws for a feed's own failure. */
export async function pollFeed(feed: FeedConfig, deps: PollDeps): Promise<FeedReport> {
  const { db, config, log } = deps;
  const started = deps.now();
  const state = ensureFeed(db, feed.id, feed.url);
  const report: FeedReport = {
    feedId: feed.id,
    url: state.url,
    outcome: "ok",
    status: null,
    newEntries: 0,
    seenEntries: 0,
    error: null,
    hint: null,
    consecutiveFailures: state.consecutiveFailures,
    bytes: 0,
    durationMs: 0,
  };
  if (state.gone && !deps.retryGone) {
    return {
      ...report,
      outcome: "gone",
      status: 410,
      error: "gone (HTTP 410)",
      hint: "change its url in feeds.yaml or pass --retry-gone",
    };
  }
  if (state.nextPoll && state.nextPoll > iso(started)) {
    return { ...report, outcome: "skipped", error: `server asked to wait until ${state.nextPoll}` };
  }
  try {
    const res = await deps.fetcher.fetch({
      url: state.url,
      etag: state.etag,
      lastModified: state.lastModified,
      timeoutMs: feed.timeout ?? config.fetch.timeout,
      userAgent: feed.userAgent ?? config.fetch.userAgent ?? DEFAULT_USER_AGENT,
      headers: feed.headers,
      signal: deps.signal,
    });
    const now = deps.now();
    report.status = res.status;
    report.bytes = res.bytes;
    const health = {
      lastAttempt: iso(now),
      lastSuccess: iso(now),
      lastStatus: String(res.status),
      lastError: null,
      consecutiveFailures: 0,
      nextPoll: null,
      gone: false,
      url: res.permanentUrl ?? state.url,
      etag: res.etag ?? (res.notModified ? state.etag : null),
      lastModified: res.lastModified ?? (res.notModified ? state.lastModified : null),
    };
    if (res.permanentUrl) {
      report.hint = `moved permanently to ${res.permanentUrl}: update feeds.yaml`;
      log.warn({ feed: feed.id, from: state.url, to: res.permanentUrl }, "feed moved permanently");
    }
    if (res.notModified) {
      updateFeed(db, feed.id, health);
      return {
        ...report,
        outcome: "not-modified",
        consecutiveFailures: 0,
        durationMs: deps.now().getTime() - started.getTime(),
      };
    }
    const parsed = await parseFeed(res.body, { baseUrl: res.url, contentType: res.contentType ?? undefined });
    const entries = normalizeFeed(parsed, { feedId: feed.id, now, trackingParams: config.trackingParams });
    const stored = db.tx(() => {
      const r = upsertEntries(db, entries);
      updateFeed(db, feed.id, { ...health, entriesSeen: state.entriesSeen + r.inserted });
      return r;
    });
    return {
      ...report,
      newEntries: stored.inserted,
      seenEntries: entries.length,
      consecutiveFailures: 0,
      durationMs: deps.now().getTime() - started.getTime(),
    };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const now = deps.now();
    const status = err instanceof FetchError ? err.status : null;
    const gone = err.code === "FETCH_GONE";
    const failures = state.consecutiveFailures + 1;
    updateFeed(db, feed.id, {
      lastAttempt: iso(now),
      lastStatus: status === null ? err.code : String(status),
      lastError: oneLine(err),
      consecutiveFailures: failures,
      gone,
    });
    return {
      ...report,
      outcome: gone ? "gone" : "failed",
      status,
      error: oneLine(err),
      hint: gone
        ? "the server says the feed is gone for good: change its url in feeds.yaml or pass --retry-gone"
        : null,
      consecutiveFailures: failures,
      durationMs: now.getTime() - started.getTime(),
    };
  }
}
