/** One scheduled draft: poll what is due, write the draft, log one line, count it. */
import { isAppError, oneLine } from "../errors.ts";
import { writeDraft } from "../pipeline.ts";
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
  try {
    const outcome = await writeDraft(config, rt.db, digest, date, { now });
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
    rt.log.info(
      {
        ...base,
        outcome: write.outcome,
        path: write.path,
        items: outcome.draft.view.items.length,
        candidates: outcome.draft.view.candidates.length,
        ms,
      },
      "draft",
    );
    return { status: "written", detail: `${write.outcome} ${write.path}` };
  } catch (err) {
    rt.metrics.draft(digestId, "failed", now);
    const line = { ...base, outcome: "failed", err: rt.redact(oneLine(err)) };
    if (isAppError(err)) rt.log.error({ ...line, code: err.code, hint: err.hint }, "draft");
    else rt.log.error({ ...line, code: "INTERNAL", stack: (err as Error)?.stack }, "draft");
    return { status: "failed", detail: oneLine(err) };
  }
}
