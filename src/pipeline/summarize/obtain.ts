/** Cache or ask: one answer for a request, recorded in the cache, with its accounting row and the editor's note. */
import type { Config, DigestConfig } from "../../config.ts";
import { oneLine } from "../../errors.ts";
import { type AskDeps, type AskOutcome, ask, type Check } from "../../llm/ask.ts";
import { type ChatMessage, PROMPT_VERSION } from "../../llm/prompt.ts";
import type { Db } from "../../store/db.ts";
import {
  type CachedSummary,
  getSummary,
  putSummary,
  type SummaryUse,
  summaryKey,
} from "../../store/summaries.ts";

/** A cached answer (accepted or rejected). */
export type Cached = CachedSummary;

/** Everything one digest's enrichment shares. */
export interface Run {
  db: Db;
  deps: AskDeps;
  llm: NonNullable<Config["llm"]>;
  digest: DigestConfig;
  date: string;
  now: Date;
  noLlm: boolean;
  refresh: boolean;
}

/** How an answer was obtained: the accounting row, the answer when there is one, and the editor's note otherwise. */
export interface Obtained {
  use: SummaryUse;
  cached?: Cached;
  note: string;
}

/** What to look up, and how to ask on a miss. */
export interface Request<T> {
  entryId: string;
  contentHash: string;
  glossary: Record<string, string>;
  params: Record<string, number | string>;
  /** Built only on a cache miss: a cached re-draft costs no more than a draft without a model. */
  prompt: () => { messages: ChatMessage[]; check: Check<T> };
  /** "machine summary" or "machine intro", for notes. */
  what: string;
}

/** The cached answer for the request, or the model's (checked, then cached), or why there is none. */
export async function obtain<T extends object>(run: Run, req: Request<T>): Promise<Obtained> {
  const { llm } = run;
  const key = summaryKey({
    contentHash: req.contentHash,
    model: llm.model,
    promptVersion: PROMPT_VERSION,
    language: run.digest.language,
    glossary: req.glossary,
    params: { temperature: llm.temperature, ...req.params },
  });
  const base = { entryId: req.entryId, model: llm.model, calls: 0, promptTokens: 0, completionTokens: 0 };
  const hit = run.refresh ? undefined : await getSummary(run.db, key);
  if (hit) {
    const ok = hit.status === "ok";
    return {
      use: { ...base, status: ok ? "summarized" : "rejected", cacheHit: true, reason: hit.reason },
      cached: hit,
      note: `${req.what} rejected: ${hit.reason}`,
    };
  }
  if (run.noLlm) {
    return {
      use: { ...base, status: "feed", cacheHit: false, reason: "--no-llm" },
      note: `no ${req.what} (--no-llm, none cached)`,
    };
  }
  const { messages, check } = req.prompt();
  const out: AskOutcome<T> = await ask(run.deps, messages, check);
  const spent = { calls: out.calls, promptTokens: out.promptTokens, completionTokens: out.completionTokens };
  if (out.kind === "failed") {
    return {
      use: { ...base, ...spent, status: "failed", cacheHit: false, reason: out.cause },
      note: `${req.what} unavailable: ${out.cause}`,
    };
  }
  // Accepted and rejected answers are both verdicts on this exact input: cached so a re-draft makes no call.
  const row: CachedSummary = {
    key,
    entryId: req.entryId,
    model: llm.model,
    promptVersion: PROMPT_VERSION,
    language: run.digest.language,
    status: out.kind === "ok" ? "ok" : "rejected",
    result: out.kind === "ok" ? (out.value as Record<string, unknown>) : {},
    reason: out.kind === "ok" ? null : out.reason,
    digestId: run.digest.id,
    date: run.date,
    ...spent,
    createdAt: run.now.toISOString(),
  };
  await putSummary(run.db, row);
  return {
    use: {
      ...base,
      ...spent,
      status: out.kind === "ok" ? "summarized" : "rejected",
      cacheHit: false,
      reason: row.reason,
    },
    cached: row,
    note: `${req.what} rejected: ${row.reason}`,
  };
}

/** The accounting row of an item (or intro) that got no machine text. */
export function noAnswer(entryId: string, status: "feed" | "failed", reason: string): SummaryUse {
  return {
    entryId,
    status,
    cacheHit: false,
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    model: null,
    reason,
  };
}

/** `get`, or a failed use when it throws: a bug or a store error here must not stop the draft. */
export async function guarded(
  entryId: string,
  what: string,
  get: () => Promise<Obtained>,
): Promise<Obtained> {
  try {
    return await get();
  } catch (err) {
    const cause = `unexpected error: ${oneLine(err)}`;
    return { use: noAnswer(entryId, "failed", cause), note: `${what} unavailable: ${cause}` };
  }
}
