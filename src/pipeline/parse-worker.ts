/**
 * Feed bytes → store-ready entries, the CPU-heavy half of a poll. parse-pool.ts runs this file as a
 * worker thread; the same function runs in-thread when there is no pool, so both give identical entries.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isAppError } from "../errors.ts";
import { normalizeFeed } from "../reader/normalize.ts";
import { parseFeed } from "../reader/parse.ts";
import type { NormalizedEntry } from "../types.ts";

/** One response body to parse and normalize, with what normalizing needs. Structured-cloneable. */
export interface ParseJob {
  bytes: Uint8Array;
  /** The URL the body came from (relative links resolve against it). */
  baseUrl: string;
  contentType: string | null;
  feedId: string;
  /** The poll's time (ms since the epoch): first-seen of new entries, and the cap on dates. */
  now: number;
  trackingParams?: readonly string[];
}

/** How a worker reports a job's failure: an AppError's fields, or any other thrown value's. */
export type ParseFailure =
  | { app: true; code: string; message: string; hint: string | undefined; details: string[] }
  | { app: false; name: string; message: string; stack: string | undefined };

/** A worker's reply to the job with the same id. */
export type ParseReply = { id: number; entries: NormalizedEntry[] } | { id: number; failure: ParseFailure };

/** The flag in workerData that makes this module serve jobs (so importing it elsewhere does nothing). */
export const WORKER_FLAG = "feedwrightParseWorker";

/** Parse and normalize one body; throws AppError PARSE / NOT_A_FEED like parseFeed. */
export function parseAndNormalize(job: ParseJob): NormalizedEntry[] {
  const parsed = parseFeed(job.bytes, { baseUrl: job.baseUrl, contentType: job.contentType ?? undefined });
  return normalizeFeed(parsed, {
    feedId: job.feedId,
    now: new Date(job.now),
    trackingParams: job.trackingParams,
  });
}

function failure(err: unknown): ParseFailure {
  if (isAppError(err)) {
    return { app: true, code: err.code, message: err.message, hint: err.hint, details: err.details };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { app: false, name: e.name, message: e.message, stack: e.stack };
}

const port = parentPort;
if (port && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true) {
  port.on("message", (msg: { id: number; job: ParseJob }) => {
    let reply: ParseReply;
    try {
      reply = { id: msg.id, entries: parseAndNormalize(msg.job) };
    } catch (err) {
      reply = { id: msg.id, failure: failure(err) };
    }
    port.postMessage(reply);
  });
}
