/** One pass of feedwright, in order: refresh feeds (fetch → parse → normalize → store), then draft. */
import type { Config, DigestConfig } from "./config.ts";
import type { WriteResult } from "./digest/write.ts";
import type { Logger } from "./log.ts";
import {
  commitDraft,
  type PreparedDraft,
  prepareDraft,
  templateFor,
  type ViewEnricher,
} from "./pipeline/draft.ts";
import { type PollDeps, pollFeed } from "./pipeline/poll.ts";
import { createFetcher, type Fetcher } from "./reader/fetch.ts";
import type { Db } from "./store/db.ts";
import type { FeedReport } from "./types.ts";

export type { PreparedDraft, ViewEnricher } from "./pipeline/draft.ts";

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
}

/** Fetch every configured feed once and store what is new; one feed's failure never stops the others. */
export async function refreshFeeds(config: Config, db: Db, opts: RefreshOptions): Promise<FeedReport[]> {
  const fetcher =
    opts.fetcher ??
    createFetcher({
      maxBytes: config.fetch.maxBytes,
      connectTimeoutMs: config.fetch.connectTimeout,
      retries: config.fetch.retries,
    });
  const feeds = config.feeds.filter((f) => !opts.only || opts.only.includes(f.id));
  const deps: PollDeps = {
    config,
    db,
    fetcher,
    log: opts.log,
    now: opts.now,
    signal: opts.signal,
    retryGone: opts.retryGone,
  };
  const reports: FeedReport[] = new Array(feeds.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const i = next++;
      const feed = feeds[i]!;
      const report = await pollFeed(feed, deps);
      reports[i] = report;
      done++;
      opts.log.info(
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
      opts.onFeed?.(report, done, feeds.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(config.fetch.concurrency, feeds.length) }, worker));
  } finally {
    if (!opts.fetcher) await fetcher.close();
  }
  return reports;
}

/** The result of drafting one digest. */
export interface DraftOutcome {
  draft: PreparedDraft;
  /** null when nothing was written (empty window or dry run). */
  write: WriteResult | null;
  empty: boolean;
}

/** Draft one digest for `date`: render first (template errors stop here, nothing written), then write. */
export async function writeDraft(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  opts: { now: Date; dryRun?: boolean; force?: boolean; enrich?: ViewEnricher },
): Promise<DraftOutcome> {
  const template = templateFor(config, digest);
  const draft = await prepareDraft(config, db, digest, date, template, opts.enrich);
  const empty = draft.view.items.length === 0;
  if (empty || opts.dryRun) return { draft, write: null, empty };
  return { draft, write: commitDraft(db, draft, opts.now, opts.force ?? false), empty };
}
