/** Step one of a pass: fetch every configured feed once (politely) and store what is new. */
import type { Config } from "../config.ts";
import { AppError, isAppError, oneLine } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Fetcher } from "../reader/http/fetch.ts";
import { hostOf, runPerHost } from "../reader/http/hostlimit.ts";
import { createSemaphore } from "../semaphore.ts";
import { abortableSleep } from "../sleep.ts";
import type { Fence } from "../store/claims.ts";
import type { Db } from "../store/db.ts";
import { ensureFeeds } from "../store/feeds.ts";
import type { FeedReport, FeedState } from "../types.ts";
import {
  CLAIM_TTL_MS,
  type Claimer,
  createClaimer,
  HOST_BUSY_RETRY_MS,
  isNotNow,
  type NotNow,
} from "./claimer.ts";
import { fetcherFor } from "./fetcher.ts";
import { createParsePool, type FeedParser } from "./parse-pool.ts";
import { type PollDeps, pollFeed } from "./poll.ts";

// Moved to fetcher.ts so drafts can fetch article pages without loading the feed machinery.
export { fetcherFor } from "./fetcher.ts";

/** Runs of at most this many feeds parse in-thread: starting workers would cost more than it saves. */
export const POOL_MIN_FEEDS = 8;

/** The store failed mid-run (a full disk): the run stopped; `reports` are the feeds done before. */
export class StoreFailedError extends AppError {
  readonly reports: FeedReport[];
  constructor(cause: AppError, reports: FeedReport[]) {
    super("STORE", cause.message, { cause, hint: cause.hint });
    this.reports = reports;
  }
}

/** Options of a refresh. */
export interface RefreshOptions {
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
  retryGone?: boolean;
  /** Only these feed ids (default: all). */
  only?: readonly string[];
  /** Called after each feed finishes, for progress lines. */
  onFeed?: (report: FeedReport, done: number, total: number) => void;
  /** A fetcher to reuse (the daemon keeps one); created and closed here otherwise. */
  fetcher?: Fetcher;
  /** Where proxy settings come from when the fetcher is created here. */
  env?: NodeJS.ProcessEnv;
  /** Where bodies are parsed; by default a worker pool when more than POOL_MIN_FEEDS feeds run. */
  parser?: FeedParser;
}

/** The summary line of a feed another process is polling, or whose host asked every client to wait. */
function notNowReport(feedId: string, state: FeedState, why: NotNow): FeedReport {
  return {
    feedId,
    url: state.url,
    outcome: "skipped",
    status: null,
    newEntries: 0,
    seenEntries: 0,
    // Worded as a feed's own Retry-After is, since the host's is the same wish.
    error: why.heldBy !== null ? `polled by ${why.heldBy}` : `server asked to wait until ${why.until}`,
    hint: null,
    consecutiveFailures: state.consecutiveFailures,
    bytes: 0,
    durationMs: 0,
    oldestItem: null,
    mayHaveMissed: false,
    nextPoll: why.heldBy !== null ? state.nextPoll : why.until,
  };
}

/** The summary line of a feed whose claim failed: the database was out of reach. */
function failedReport(feedId: string, state: FeedState, error: string): FeedReport {
  const held = notNowReport(feedId, state, { why: "held", heldBy: "", until: "" });
  return { ...held, outcome: "failed", error };
}

/** Claim the feed and poll it; while its host is busy with other processes' polls, wait for a turn. */
async function claimAndPoll(
  claimer: Claimer,
  feedId: string,
  host: string,
  poll: (fence: Fence, state: FeedState) => Promise<FeedReport>,
  signal?: AbortSignal,
): Promise<FeedReport | NotNow> {
  for (;;) {
    const r = await claimer.with(feedId, host, poll);
    if (!isNotNow(r) || r.why !== "host-busy" || signal?.aborted) return r;
    await abortableSleep(HOST_BUSY_RETRY_MS * (0.5 + Math.random()), signal).catch(() => {});
  }
}

/**
 * Fetch every configured feed once and store what is new; one feed's failure never stops the others.
 * At most `fetch.concurrency` feeds at once, and at most `fetch.perHost` per host.
 */
export async function refreshFeeds(config: Config, db: Db, opts: RefreshOptions): Promise<FeedReport[]> {
  const fetcher = opts.fetcher ?? fetcherFor(config, opts.env, opts.now);
  const feeds = config.feeds.filter((f) => !opts.only || opts.only.includes(f.id));
  // Workers start for the feeds that will surely send a body (below), else on the first body to
  // parse: a run of 304s never starts one.
  const pool = !opts.parser && feeds.length > POOL_MIN_FEEDS ? createParsePool() : null;
  const deps: PollDeps = {
    config,
    db,
    fetcher,
    log: opts.log,
    now: opts.now,
    signal: opts.signal,
    retryGone: opts.retryGone,
    parser: opts.parser ?? pool ?? undefined,
  };
  // Every feed's state row in one transaction up front (one commit, not one per new feed), in a few
  // statements (on PostgreSQL a statement per feed was a round trip each, seconds before the first
  // request); the schedule goes by the URL actually polled (after permanent redirects / discovery).
  const states = await db.tx((q) => ensureFeeds(q, feeds));
  const hosts = new Map(feeds.map((f, i) => [f.id, hostOf(states[i]!.url)]));
  // A feed without validators cannot answer 304: its body will need parsing.
  deps.parser?.warm?.(states.filter((s) => !s.gone && s.etag === null && s.lastModified === null).length);
  const claimer =
    db.dialect === "postgres"
      ? createClaimer(db, {
          ttlMs: config.daemon?.leaseTtl ?? CLAIM_TTL_MS,
          perHost: config.fetch.perHost,
          now: opts.now,
          log: opts.log,
        })
      : null;
  // Parsing off this thread, a poll gives its network slot back once its body is in, so the next
  // request does not wait for a parse worker (bench/README.md, fetch). At most `concurrency` bodies
  // wait for or sit in the workers, besides the `concurrency` being received: memory stays bounded.
  const parsing = deps.parser ? createSemaphore(config.fetch.concurrency) : null;
  // A store that cannot be written fails every feed alike: stop starting polls, report once.
  let storeFailed: AppError | null = null;
  const done: FeedReport[] = [];
  try {
    await runPerHost(
      feeds,
      (f) => hosts.get(f.id)!,
      { concurrency: config.fetch.concurrency, perHost: config.fetch.perHost },
      async (feed, i, release) => {
        if (storeFailed) return;
        let admitted = false;
        const bodyIn = parsing
          ? async () => {
              await parsing.acquire();
              admitted = true;
              release();
            }
          : undefined;
        // A claim comes with the feed's state as it stands: the poll need not read it again.
        const poll = (fence?: Fence, state?: FeedState) =>
          pollFeed(feed, fence ? { ...deps, fence, state } : deps, bodyIn).finally(() => {
            if (admitted) parsing!.release();
          });
        // PostgreSQL: a feed another process is polling is left to it; perHost holds across processes.
        const host = hosts.get(feed.id)!;
        let report: FeedReport;
        try {
          const claimed = claimer
            ? await claimAndPoll(claimer, feed.id, host, poll, opts.signal)
            : await poll();
          report = isNotNow(claimed) ? notNowReport(feed.id, states[i]!, claimed) : claimed;
        } catch (err) {
          // The claim itself could not reach the database: this feed fails with one line, like its poll would.
          if (isAppError(err, "STORE_UNAVAILABLE")) report = failedReport(feed.id, states[i]!, oneLine(err));
          else if (!isAppError(err, "STORE")) throw err;
          else {
            storeFailed ??= err;
            return;
          }
        }
        if (report.fenced) claimer?.refused(feed.id, report.error);
        done.push(report);
        // debug, not info: the summary table already says this, and a TTY shows a progress line.
        opts.log.debug(
          {
            feed: feed.id,
            outcome: report.outcome,
            status: report.status,
            new: report.newEntries,
            ms: report.durationMs,
            err: report.error ?? undefined,
          },
          "poll",
        );
        opts.onFeed?.(report, done.length, feeds.length);
      },
    );
    if (storeFailed) throw new StoreFailedError(storeFailed, done);
    // In the configured order, as the summary table shows them.
    const order = new Map(feeds.map((f, i) => [f.id, i]));
    return done.sort((a, b) => order.get(a.feedId)! - order.get(b.feedId)!);
  } finally {
    // Unreleased claims (the database out of reach) simply expire.
    await claimer?.close().catch(() => {});
    await pool?.close();
    if (!opts.fetcher) await fetcher.close();
  }
}
