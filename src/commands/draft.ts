/** `feedwright draft`: write a digest's draft for a date from stored entries. */
import { writeDraft } from "../pipeline.ts";
import { openStore } from "../store/db.ts";
import { type Command, digestAndDay, flag } from "./command.ts";
import { FULL_TEXT_OPTIONS, FULL_TEXT_USAGE, fullTextFor, printFullText } from "./full-text.ts";
import { LLM_OPTIONS, LLM_USAGE, printAccounting, summarizerFor } from "./llm.ts";
import { draftLines } from "./summary.ts";

/** The draft command. */
export const draftCommand: Command = {
  name: "draft",
  summary: "write a digest's draft for a date from stored entries and print its path",
  usage: `draft [--digest ID] [--date YYYY-MM-DD] [--dry-run] [--force] ${LLM_USAGE} ${FULL_TEXT_USAGE}`,
  options: {
    digest: {
      type: "string",
      short: "d",
      value: "ID",
      description: "the digest to draft (default the only one)",
    },
    date: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "the draft date (default today in the config's timezone)",
    },
    "dry-run": { type: "boolean", short: "n", description: "print the draft instead of writing it" },
    force: {
      type: "boolean",
      description: "rewrite a draft an editor changed (saving it as <name>.bak.md first)",
    },
    ...LLM_OPTIONS,
    ...FULL_TEXT_OPTIONS,
  },
  examples: ["feedwright draft --dry-run", "feedwright draft --digest cloud-native-weekly --date 2026-01-15"],
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
        fullText: fullTextFor(ctx),
      });
      printFullText(ctx, outcome);
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
