/** `feedwright run`: fetch, then draft every digest for today — the one-off job for cron and CI. */
import { pickDigest } from "../config.ts";
import { templateFor } from "../pipeline/draft.ts";
import { writeDraft } from "../pipeline.ts";
import { checkPublish } from "../publish/publish.ts";
import { openStore } from "../store/db.ts";
import { type Command, dayOption, flag } from "./command.ts";
import { FETCH_OPTIONS, fetchWithSummary } from "./fetch.ts";
import { FULL_TEXT_OPTIONS, FULL_TEXT_USAGE, fullTextFor, printFullText } from "./full-text.ts";
import { LLM_OPTIONS, LLM_USAGE, llmFlags, printAccounting, summarizerFor } from "./llm.ts";
import { publishAndReport } from "./publish.ts";
import { allFailed, draftLines } from "./summary.ts";

/** The run command. */
export const runCommand: Command = {
  name: "run",
  summary: "fetch every feed, then draft every digest (the one-off job for cron/CI)",
  usage: `run [--date YYYY-MM-DD] [--digest ID]... [--force] [--retry-gone] [--publish] ${LLM_USAGE} ${FULL_TEXT_USAGE}`,
  options: {
    ...FETCH_OPTIONS,
    date: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "the draft date (default today in the config's timezone)",
    },
    digest: {
      type: "string",
      multiple: true,
      value: "ID",
      description: "draft only this digest (repeatable; default every digest)",
    },
    force: {
      type: "boolean",
      description: "rewrite a draft an editor changed (saving it as <name>.bak.md first)",
    },
    publish: {
      type: "boolean",
      description: "open or update each draft's pull request (needs publish: and a token)",
    },
    ...LLM_OPTIONS,
    ...FULL_TEXT_OPTIONS,
  },
  examples: ["feedwright run", "feedwright run --date 2026-01-15 --digest cloud-native-weekly --publish"],
  async run(ctx) {
    const config = ctx.config();
    const date = dayOption(ctx, config.timezone);
    const only = ctx.values.digest as string[] | undefined;
    const digests = only ? only.map((id) => pickDigest(config, id)) : config.digests;
    // Bad templates are bad input: fail before fetching changes anything.
    for (const d of digests) templateFor(config, d);
    llmFlags(ctx);
    // Publishing without its config or token is bad input too: say so before fetching.
    const publish = flag(ctx, "publish");
    if (publish) checkPublish(config, ctx.io.env);
    let published = true;
    const reports = await fetchWithSummary(ctx, config);
    const failedAll = allFailed(reports);
    const db = await openStore(config.store);
    const summarizer = await summarizerFor(ctx, config, db);
    try {
      for (const digest of digests) {
        const outcome = await writeDraft(config, db, digest, date, {
          now: ctx.now(),
          force: flag(ctx, "force"),
          enrich: summarizer?.enrich,
          fullText: fullTextFor(ctx),
        });
        printFullText(ctx, outcome);
        printAccounting(ctx, summarizer, digest.id);
        const { out, notes } = draftLines(outcome);
        for (const n of notes) ctx.io.err(n);
        for (const o of out) ctx.io.out(o);
        if (publish && outcome.write)
          published = (await publishAndReport(ctx, config, db, digest, date)) && published;
      }
    } finally {
      await summarizer?.close();
      await db.close();
    }
    if (failedAll) ctx.io.err("every feed failed: check the network or the feed URLs (see the table above)");
    return failedAll || !published ? 1 : 0;
  },
};
