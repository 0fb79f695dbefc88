/** `feedwright draft`: write a digest's draft for a date from stored entries. */
import { writeDraft } from "../pipeline.ts";
import { openStore } from "../store/db.ts";
import { type Command, digestAndDay, flag } from "./command.ts";
import { LLM_OPTIONS, LLM_USAGE, printAccounting, summarizerFor } from "./llm.ts";
import { draftLines } from "./summary.ts";

/** The draft command. */
export const draftCommand: Command = {
  name: "draft",
  summary: "write a digest's draft for a date from stored entries and print its path",
  usage: `draft [--digest ID] [--date YYYY-MM-DD] [--dry-run] [--force] ${LLM_USAGE}`,
  options: {
    digest: { type: "string", short: "d" },
    date: { type: "string" },
    "dry-run": { type: "boolean", short: "n" },
    force: { type: "boolean" },
    ...LLM_OPTIONS,
  },
  async run(ctx) {
    const { config, digest, date } = digestAndDay(ctx);
    const db = await openStore(config.store);
    const summarizer = await summarizerFor(ctx, config, db);
    try {
      const dryRun = flag(ctx, "dry-run");
      const outcome = await writeDraft(config, db, digest, date, {
        now: ctx.now(),
        dryRun,
        force: flag(ctx, "force"),
        enrich: summarizer?.enrich,
      });
      printAccounting(ctx, summarizer, digest.id);
      if (dryRun && !outcome.empty) {
        ctx.io.out(outcome.draft.text.trimEnd());
        return 0;
      }
      const { out, notes } = draftLines(outcome);
      for (const n of notes) ctx.io.err(n);
      for (const o of out) ctx.io.out(o);
      return 0;
    } finally {
      await summarizer?.close();
      await db.close();
    }
  },
};
