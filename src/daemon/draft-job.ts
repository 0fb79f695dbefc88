/** One scheduled draft: poll what is due, write the draft (machine summaries when configured), publish, log, count. */
import { isAppError, oneLine } from "../errors.ts";
import { fullTextLines } from "../pipeline/full-text-lines.ts";
import { accountingLines } from "../pipeline/summarize/accounting.ts";
import { createSummarizer } from "../pipeline/summarize/enrich.ts";
import { writeDraft } from "../pipeline.ts";
import { publishDraft } from "../publish/publish.ts";
import type { DraftResult } from "./drafter.ts";
import type { Runtime } from "./runtime.ts";

/** Draft `digestId` for `date` (the date of `slot`) after polling the feeds that are due. */
export async function draftJob(
  rt: Runtime,
  pollDue: () => Promise<void>,
  digestId: string,
  date: string,
  slot: Date,
): Promise<DraftResult> {
  const started = rt.clock.now();
  await pollDue();
  // Shutdown began while feeds were polled: the draft never ran, so the slot is handed back.
  if (rt.stopping.aborted) return { status: "interrupted", detail: "shutdown before drafting" };
  const config = rt.config;
  const digest = config.digests.find((d) => d.id === digestId);
  const base = { digest: digestId, date, slot: slot.toISOString() };
  if (!digest) return { status: "failed", detail: "digest no longer configured" };
  const now = new Date(rt.clock.now());
  const keyEnv = config.llm?.apiKeyEnv;
  const summarizer = createSummarizer({
    config,
    db: rt.db,
    apiKey: keyEnv ? rt.env[keyEnv] : undefined,
    now,
    signal: rt.abort,
  });
  try {
    const outcome = await writeDraft(config, rt.db, digest, date, {
      now,
      enrich: summarizer?.enrich,
      fullText: { env: rt.env, signal: rt.abort, fetcher: rt.fetcher },
    });
    const ms = rt.clock.now() - started;
    if (outcome.empty) {
      const w = outcome.draft.view.window;
      rt.metrics.draft(digestId, "empty", now);
      rt.log.warn(
        { ...base, outcome: "empty", ms, window: `${w.from}..${w.to}` },
        "draft: no entries, nothing written",
      );
      return { status: "empty", detail: `no entries in ${w.from}..${w.to}` };
    }
    const write = outcome.write!;
    rt.metrics.draft(digestId, "written", now);
    const acct = summarizer?.accounting(digestId);
    const summaries = acct ? accountingLines(acct) : null;
    const fullText = fullTextLines(outcome);
    rt.log.info(
      {
        ...base,
        outcome: write.outcome,
        path: write.path,
        items: outcome.draft.view.items.length,
        candidates: outcome.draft.view.candidates.length,
        ms,
        summaries: summaries?.info,
        fullText: fullText.info,
      },
      "draft",
    );
    for (const w of summaries?.warnings ?? [])
      rt.log.warn({ ...base, warning: rt.redact(w) }, "draft: summaries");
    for (const w of fullText.warnings) rt.log.warn({ ...base, warning: rt.redact(w) }, "draft: full text");
    if (config.publish && digest.publish) await publish(rt, digestId, date);
    return { status: "written", detail: `${write.outcome} ${write.path}` };
  } catch (err) {
    rt.metrics.draft(digestId, "failed", now);
    const line = { ...base, outcome: "failed", err: rt.redact(oneLine(err)) };
    if (isAppError(err)) rt.log.error({ ...line, code: err.code, hint: err.hint }, "draft");
    else rt.log.error({ ...line, code: "INTERNAL", stack: (err as Error)?.stack }, "draft");
    return { status: "failed", detail: oneLine(err) };
  } finally {
    await summarizer?.close();
  }
}

/** Publish a written draft; a failure is logged and counted, never fatal to the daemon or the slot. */
async function publish(rt: Runtime, digestId: string, date: string): Promise<void> {
  const digest = rt.config.digests.find((d) => d.id === digestId)!;
  try {
    const r = await publishDraft(rt.config, rt.db, digest, date, {
      log: rt.log,
      now: () => new Date(rt.clock.now()),
      env: rt.env,
      signal: rt.abort,
    });
    rt.metrics.publish(digestId, r.outcome);
    rt.log.info(
      { digest: digestId, date, outcome: r.outcome, url: r.url, message: rt.redact(r.message) },
      "publish",
    );
  } catch (err) {
    rt.metrics.publish(digestId, "failed");
    const code = isAppError(err) ? err.code : "INTERNAL";
    rt.log.error(
      { digest: digestId, date, outcome: "failed", code, err: rt.redact(oneLine(err)) },
      "publish",
    );
  }
}
