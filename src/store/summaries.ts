/** Machine summaries: the cache keyed by everything that shapes an answer, and the per-draft accounting. */
import { createHash } from "node:crypto";
import type { Sql } from "./db.ts";

/** Everything an answer depends on; any change makes a different key. */
export interface SummaryKeyParts {
  /** The entry's content hash, or a hash of the digest's items for the digest-level answer. */
  contentHash: string;
  model: string;
  promptVersion: string;
  language: string;
  /** Only the glossary terms that reach the prompt. */
  glossary: Readonly<Record<string, string>>;
  /** Sampling and shaping parameters (temperature, summary length, input cut). */
  params: Readonly<Record<string, number | string>>;
}

/** The cache key of an answer. */
export function summaryKey(p: SummaryKeyParts): string {
  const sorted = (o: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(o).sort());
  const text = JSON.stringify([
    p.contentHash,
    p.model,
    p.promptVersion,
    p.language,
    sorted(p.glossary),
    sorted(p.params),
  ]);
  return createHash("sha256").update(text).digest("hex").slice(0, 40);
}

/** A cached answer: accepted (`ok`) or rejected twice (`rejected`, with the reason). */
export interface CachedSummary {
  key: string;
  entryId: string;
  model: string;
  promptVersion: string;
  language: string;
  status: "ok" | "rejected";
  /** The accepted fields (title/summary, or subtitle/intro/themes). */
  result: Record<string, unknown>;
  reason: string | null;
  /** The draft the answer was first written for. */
  digestId: string;
  date: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  createdAt: string;
}

interface Row {
  key: string;
  entry_id: string;
  model: string;
  prompt_version: string;
  language: string;
  status: string;
  result: string;
  reason: string | null;
  digest_id: string;
  date: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: string;
}

/** The cached answer for `key`, if any. */
export async function getSummary(db: Sql, key: string): Promise<CachedSummary | undefined> {
  const r = await db.get<Row>("SELECT * FROM summaries WHERE key = ?", [key]);
  if (!r) return undefined;
  return {
    key: r.key,
    entryId: r.entry_id,
    model: r.model,
    promptVersion: r.prompt_version,
    language: r.language,
    status: r.status === "ok" ? "ok" : "rejected",
    result: JSON.parse(r.result) as Record<string, unknown>,
    reason: r.reason,
    digestId: r.digest_id,
    date: r.date,
    calls: r.calls,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    createdAt: r.created_at,
  };
}

/** Store (or replace) an answer. */
export async function putSummary(db: Sql, s: CachedSummary): Promise<void> {
  await db.run(
    `INSERT INTO summaries (key, entry_id, model, prompt_version, language, status, result, reason,
       digest_id, date, calls, prompt_tokens, completion_tokens, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET entry_id = excluded.entry_id, model = excluded.model,
       prompt_version = excluded.prompt_version, language = excluded.language, status = excluded.status,
       result = excluded.result, reason = excluded.reason, digest_id = excluded.digest_id, date = excluded.date,
       calls = excluded.calls, prompt_tokens = excluded.prompt_tokens,
       completion_tokens = excluded.completion_tokens, created_at = excluded.created_at`,
    [
      s.key,
      s.entryId,
      s.model,
      s.promptVersion,
      s.language,
      s.status,
      JSON.stringify(s.result),
      s.reason,
      s.digestId,
      s.date,
      s.calls,
      s.promptTokens,
      s.completionTokens,
      s.createdAt,
    ],
  );
}

/** How one item (or, with `entryId` "", the digest's intro) of a draft got its text. */
export interface SummaryUse {
  entryId: string;
  /** summarized: machine text used; rejected: failed the checks twice; failed: the call failed; feed: the feed's own text by config or --no-llm. */
  status: "summarized" | "rejected" | "failed" | "feed";
  cacheHit: boolean;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  model: string | null;
  /** Why it is not machine-written, when it is not. */
  reason: string | null;
}

/** Replace the accounting of a digest's draft for `date` (no write when it is unchanged, as on a cached re-draft). */
export async function recordSummaryUses(
  db: Sql,
  digestId: string,
  date: string,
  uses: readonly SummaryUse[],
): Promise<void> {
  if (JSON.stringify(await summaryReport(db, digestId, date)) === JSON.stringify(uses.map(normalUse))) return;
  await db.tx(async (q) => {
    await q.run("DELETE FROM summary_uses WHERE digest_id = ? AND date = ?", [digestId, date]);
    for (const u of uses) {
      // A repeated entry keeps its first place and its last figures, on both engines.
      await q.run(
        `INSERT INTO summary_uses (digest_id, date, entry_id, status, cache_hit, calls, prompt_tokens,
           completion_tokens, model, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (digest_id, date, entry_id) DO UPDATE SET status = excluded.status,
           cache_hit = excluded.cache_hit, calls = excluded.calls, prompt_tokens = excluded.prompt_tokens,
           completion_tokens = excluded.completion_tokens, model = excluded.model, reason = excluded.reason`,
        [
          digestId,
          date,
          u.entryId,
          u.status,
          u.cacheHit ? 1 : 0,
          u.calls,
          u.promptTokens,
          u.completionTokens,
          u.model,
          u.reason,
        ],
      );
    }
  });
}

const normalUse = (u: SummaryUse): SummaryUse => ({
  entryId: u.entryId,
  status: u.status,
  cacheHit: u.cacheHit,
  calls: u.calls,
  promptTokens: u.promptTokens,
  completionTokens: u.completionTokens,
  model: u.model,
  reason: u.reason,
});

/** The per-item accounting of the last draft of `digestId` for `date` (entry id "" is the digest's intro), in entry order. */
export async function summaryReport(db: Sql, digestId: string, date: string): Promise<SummaryUse[]> {
  const rows = await db.all<{
    entry_id: string;
    status: SummaryUse["status"];
    cache_hit: number;
    calls: number;
    prompt_tokens: number;
    completion_tokens: number;
    model: string | null;
    reason: string | null;
  }>("SELECT * FROM summary_uses WHERE digest_id = ? AND date = ? ORDER BY rowid", [digestId, date]);
  return rows.map((r) => ({
    entryId: r.entry_id,
    status: r.status,
    cacheHit: r.cache_hit === 1,
    calls: r.calls,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    model: r.model,
    reason: r.reason,
  }));
}
