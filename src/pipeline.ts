/** One pass of feedwright, in order: refresh feeds (fetch → parse → normalize → store), then draft. */
import type { Config, DigestConfig } from "./config.ts";
import type { WriteResult } from "./digest/write.ts";
import {
  commitDraft,
  type PreparedDraft,
  prepareDraft,
  templateFor,
  type ViewEnricher,
} from "./pipeline/draft.ts";
import type { FullTextOptions } from "./pipeline/full-text.ts";
import type { Db } from "./store/db.ts";

export type { PreparedDraft, ViewEnricher } from "./pipeline/draft.ts";
export type { FullTextOptions, FullTextReport } from "./pipeline/full-text.ts";
// Step one lives in pipeline/refresh.ts so `fetch` starts without loading the drafting machinery.
export type { RefreshOptions } from "./pipeline/refresh.ts";

/**
 * Fetch every configured feed once and store what is new (see pipeline/refresh.ts). Loaded on first
 * use, so drafting alone never loads the HTTP client, the parser and its worker pool (~0.1 s).
 */
export async function refreshFeeds(...args: Parameters<RefreshFeeds>): ReturnType<RefreshFeeds> {
  const { refreshFeeds: refresh } = await import("./pipeline/refresh.ts");
  return refresh(...args);
}
type RefreshFeeds = typeof import("./pipeline/refresh.ts").refreshFeeds;

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
  opts: {
    now: Date;
    dryRun?: boolean;
    force?: boolean;
    enrich?: ViewEnricher;
    /** Fetch the full text of the items that need it (commands and the daemon pass this; without it, feed text only). */
    fullText?: Omit<FullTextOptions, "now">;
  },
): Promise<DraftOutcome> {
  const template = templateFor(config, digest);
  const draft = await prepareDraft(config, db, digest, date, template, opts.enrich, {
    ignoreEdits: opts.force,
    ...(opts.fullText ? { fullText: { ...opts.fullText, now: opts.now } } : {}),
  });
  const empty = draft.view.items.length === 0;
  if (empty || opts.dryRun) return { draft, write: null, empty };
  return { draft, write: await commitDraft(db, draft, opts.now, opts.force ?? false), empty };
}
