/** One poll of one feed: fetch → (discover) → parse → normalize → store, and the feed's health updated. */
import type { Config, FeedConfig } from "../config.ts";
import { isAppError, oneLine } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Fetcher } from "../reader/http/fetch.ts";
import type { Fence } from "../store/claims.ts";
import type { Db } from "../store/db.ts";
import { ensureFeed, updateFeed } from "../store/feeds.ts";
import type { FeedReport, FeedState } from "../types.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { bodyHash } from "./body-hash.ts";
import { fetchFeed } from "./fetch-feed.ts";
import type { FeedParser, ParseJob } from "./parse-pool.ts";
import { parseAndNormalize } from "./parse-worker.ts";
import { iso, recordFailure } from "./poll-failure.ts";
import { type StoreSpec, storePoll } from "./store-poll.ts";

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
  /** Where bodies are parsed (a worker pool for big runs); in this thread when absent. */
  parser?: FeedParser;
  /** The claim this poll holds (PostgreSQL): every write must still match it. */
  fence?: Fence;
  /** The feed's state as just read (with its claim), so the poll need not read it again. */
  state?: FeedState;
}

/** The hint shown while feedwright polls another URL than the one in feeds.yaml. */
function movedHint(state: FeedState, url: string): string | null {
  return url === state.configuredUrl ? null : `feeds.yaml url now leads to ${url}: put that in feeds.yaml`;
}

/** Another process owns the feed now: its poll stands, this one recorded nothing. */
function fenced(report: FeedReport, err: unknown, durationMs: number): FeedReport {
  return { ...report, outcome: "skipped", error: oneLine(err), fenced: true, durationMs };
}

/**
 * Poll one feed once and report how it went; never throws for a feed's own failure. `bodyIn`, when
 * given, is awaited once a response body is in and before it is parsed (a run frees the feed's
 * network slot there).
 */
export async function pollFeed(
  feed: FeedConfig,
  deps: PollDeps,
  bodyIn?: () => Promise<void>,
): Promise<FeedReport> {
  const started = deps.now().getTime();
  try {
    return await pollOnce(feed, deps, bodyIn);
  } catch (err) {
    if (!isAppError(err, "STORE_UNAVAILABLE")) throw err;
    if (deps.fence) deps.fence.after = undefined; // its last write did not commit: the claim stands
    // The database is out of reach for a moment (restarting): this feed fails with one line and
    // nothing of it was stored (its transaction never committed); the other feeds go on.
    return {
      feedId: feed.id,
      url: feed.url,
      outcome: "failed",
      status: null,
      newEntries: 0,
      seenEntries: 0,
      error: oneLine(err),
      hint: null,
      consecutiveFailures: 0,
      bytes: 0,
      durationMs: deps.now().getTime() - started,
      oldestItem: null,
      mayHaveMissed: false,
      nextPoll: null,
    };
  }
}

async function pollOnce(feed: FeedConfig, deps: PollDeps, bodyIn?: () => Promise<void>): Promise<FeedReport> {
  const { db, config, log } = deps;
  const started = deps.now();
  const state = deps.state?.configuredUrl === feed.url ? deps.state : await ensureFeed(db, feed.id, feed.url);
  const report: FeedReport = {
    feedId: feed.id,
    url: state.url,
    outcome: "ok",
    status: null,
    newEntries: 0,
    seenEntries: 0,
    error: null,
    hint: movedHint(state, state.url),
    consecutiveFailures: state.consecutiveFailures,
    bytes: 0,
    durationMs: 0,
    oldestItem: null,
    mayHaveMissed: false,
    nextPoll: state.nextPoll,
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
  const elapsed = () => deps.now().getTime() - started.getTime();
  try {
    const { res, next } = await fetchFeed(
      {
        url: state.url,
        etag: state.etag,
        lastModified: state.lastModified,
        timeoutMs: feed.timeout ?? config.fetch.timeout,
        userAgent: feed.userAgent ?? config.fetch.userAgent ?? DEFAULT_USER_AGENT,
        headers: feed.headers,
        signal: deps.signal,
      },
      deps,
      feed.id,
    );
    const now = deps.now();
    Object.assign(report, {
      status: res.status,
      bytes: res.bytes,
      url: next,
      hint: movedHint(state, next),
      nextPoll: null,
    });
    if (next !== state.url)
      log.warn({ feed: feed.id, from: state.url, to: next }, "feed url changed: update feeds.yaml");
    const health = {
      lastAttempt: iso(now),
      lastSuccess: iso(now),
      lastStatus: String(res.status),
      lastError: null,
      consecutiveFailures: 0,
      nextPoll: null,
      gone: false,
      url: next,
    };
    const checked = (etag: string | null, lastModified: string | null) =>
      updateFeed(db, feed.id, { ...health, etag, lastModified }, deps.fence);
    if (res.notModified) {
      // Not modified: nothing to parse; only the check time (and validators the 304 may carry) change.
      await checked(res.etag ?? state.etag, res.lastModified ?? state.lastModified);
      return { ...report, outcome: "not-modified", consecutiveFailures: 0, durationMs: elapsed() };
    }
    await bodyIn?.();
    const job: ParseJob = {
      bytes: res.body,
      baseUrl: res.url,
      contentType: res.contentType,
      feedId: feed.id,
      now: now.getTime(),
      trackingParams: config.trackingParams,
    };
    const hash = bodyHash(job);
    if (hash === state.bodyHash) {
      // The bytes of the last response stored (a server without validators): its entries are in the
      // store already, so, as for a 304, only the check is recorded; no parse, no entries lookup.
      await checked(res.etag, res.lastModified);
      const done = { consecutiveFailures: 0, durationMs: elapsed(), oldestItem: state.lastPollOldestItem };
      return { ...report, ...done };
    }
    const spec: StoreSpec = {
      feedId: feed.id,
      update: { ...health, etag: res.etag, lastModified: res.lastModified, bodyHash: hash },
      entriesSeen: state.entriesSeen,
      fence: deps.fence,
    };
    // A pool stores in its workers too (on their own connections), unless the store is in memory.
    const stored =
      deps.parser?.parseAndStore && db.file !== null
        ? await deps.parser.parseAndStore(job, { path: db.file, spec })
        : await storePoll(db, deps.parser ? await deps.parser.parse(job) : parseAndNormalize(job), spec);
    const mayHaveMissed =
      state.lastSuccess !== null && stored.oldest !== null && stored.oldest > state.lastSuccess;
    if (mayHaveMissed) {
      log.warn(
        { feed: feed.id, oldestItem: stored.oldest, lastPoll: state.lastSuccess },
        "feed may have dropped items since the last poll: poll it more often",
      );
    }
    return {
      ...report,
      newEntries: stored.inserted,
      seenEntries: stored.seen,
      consecutiveFailures: 0,
      durationMs: elapsed(),
      oldestItem: stored.oldest,
      mayHaveMissed,
    };
  } catch (err) {
    // The store failing (a full disk, an unreachable database) is not this feed's fault, and
    // recording it would fail too.
    if (!isAppError(err) || isAppError(err, "STORE", "STORE_UNAVAILABLE")) throw err;
    if (isAppError(err, "FENCED")) return fenced(report, err, elapsed());
    // Ctrl-C is not the feed failing: leave its health as it was.
    if (deps.signal?.aborted)
      return { ...report, outcome: "skipped", error: "interrupted", durationMs: elapsed() };
    try {
      return await recordFailure(err, state, deps, report, elapsed());
    } catch (e) {
      if (isAppError(e, "FENCED")) return fenced(report, e, elapsed());
      throw e;
    }
  }
}
