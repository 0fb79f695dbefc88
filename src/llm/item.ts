/** One cached-or-asked answer: an item's title and summary, or the digest's subtitle/intro/themes. */
import { createHash } from "node:crypto";
import type { Config, DigestConfig } from "../config.ts";
import type { DigestView } from "../digest/view.ts";
import type { Db } from "../store/db.ts";
import {
  type CachedSummary,
  getSummary,
  putSummary,
  type SummaryUse,
  summaryKey,
} from "../store/summaries.ts";
import type { Entry } from "../types.ts";
import { checkDigestAnswer, checkItemAnswer } from "./answers.ts";
import { type AskDeps, type AskOutcome, ask, type Check } from "./ask.ts";
import { grounds } from "./ground.ts";
import {
  type ChatMessage,
  digestMessages,
  itemMessages,
  PROMPT_VERSION,
  relevantGlossary,
  sourceText,
} from "./prompt.ts";

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

interface Request<T> {
  entryId: string;
  contentHash: string;
  glossary: Record<string, string>;
  params: Record<string, number | string>;
  /** Built only on a cache miss: a cached re-draft costs no more than a draft without a model. */
  prompt: () => { messages: ChatMessage[]; check: Check<T> };
  /** "machine summary" or "machine intro", for notes. */
  what: string;
}

async function obtain<T extends object>(run: Run, req: Request<T>): Promise<Obtained> {
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
  const hit = run.refresh ? undefined : getSummary(run.db, key);
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
  putSummary(run.db, row);
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

/** An item's title and summary in the digest's language, from the cache or the model. */
export function summarizeItem(run: Run, entry: Entry): Promise<Obtained> {
  // Terms are looked up in the raw entry, not the cut text, so a cache hit never converts HTML.
  const raw = `${entry.title}\n${entry.contentHtml.trim() ? entry.contentHtml : entry.summary}`;
  const glossary = relevantGlossary(run.digest.glossary, raw);
  if (raw.trim() === "") {
    return Promise.resolve({
      use: {
        entryId: entry.id,
        status: "feed",
        cacheHit: false,
        calls: 0,
        promptTokens: 0,
        completionTokens: 0,
        model: null,
        reason: "no text to summarize",
      },
      note: "no machine summary: the entry has no text",
    });
  }
  return obtain(run, {
    entryId: entry.id,
    contentHash: entry.contentHash,
    glossary,
    params: {
      summaryLength: run.digest.summaryLength,
      maxInputChars: run.llm.maxInputChars,
      sourceLanguage: entry.language ?? "",
    },
    prompt: () => {
      const text = sourceText(entry, run.llm.maxInputChars);
      return {
        messages: itemMessages({
          title: entry.title,
          text,
          sourceLanguage: entry.language,
          language: run.digest.language,
          summaryLength: run.digest.summaryLength,
          glossary,
        }),
        // Grounded in what the model was shown: the title and the (cut) text.
        check: checkItemAnswer(
          grounds(`${entry.title}\n${text}`, glossary),
          run.digest.language,
          run.digest.summaryLength,
        ),
      };
    },
    what: "machine summary",
  });
}

/** The digest's subtitle, intro and themes, suggested from its items' (final) titles and summaries. */
export function suggestIntro(run: Run, view: DigestView): Promise<Obtained> {
  const items = view.items.map((it) => ({ title: it.title, summary: it.summary }));
  const all = view.items.map((it) => `${it.title}\n${it.sourceTitle}\n${it.summary}`).join("\n\n");
  const glossary = relevantGlossary(run.digest.glossary, all);
  const contentHash = createHash("sha256")
    .update(JSON.stringify([run.digest.title, items]))
    .digest("hex")
    .slice(0, 32);
  return obtain(run, {
    entryId: "",
    contentHash,
    glossary,
    params: {},
    prompt: () => ({
      messages: digestMessages({
        digestTitle: run.digest.title,
        items,
        language: run.digest.language,
        glossary,
      }),
      check: checkDigestAnswer(grounds(all, glossary), run.digest.language),
    }),
    what: "machine intro",
  });
}
