/** The machine-summary options of `draft` and `run`, and the accounting lines they print. */
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import { accountingLines } from "../pipeline/summarize/accounting.ts";
import type { Summarizer } from "../pipeline/summarize/enrich.ts";
import type { Db } from "../store/db.ts";
import { type CommandContext, flag, type Options } from "./command.ts";

/** `--no-llm` and `--refresh-summaries`. */
export const LLM_OPTIONS: Options = {
  "no-llm": {
    type: "boolean",
    description: "call no model: cached summaries are still used, the rest keep the feed's summary",
  },
  "refresh-summaries": {
    type: "boolean",
    description: "ignore the summary cache and ask the model again (not with --no-llm)",
  },
};

/** Usage text of the options above. */
export const LLM_USAGE = "[--no-llm] [--refresh-summaries]";

/** The two flags; AppError USAGE when combined (call before anything changes). */
export function llmFlags(ctx: CommandContext): { noLlm: boolean; refresh: boolean } {
  const noLlm = flag(ctx, "no-llm");
  const refresh = flag(ctx, "refresh-summaries");
  if (noLlm && refresh)
    throw new AppError(
      "USAGE",
      "--no-llm and --refresh-summaries cannot be combined (one forbids calls, the other needs them)",
    );
  return { noLlm, refresh };
}

/** The summarizer for this command run, or null without an `llm:` block. */
export async function summarizerFor(ctx: CommandContext, config: Config, db: Db): Promise<Summarizer | null> {
  const { noLlm, refresh } = llmFlags(ctx);
  if (!config.llm) return null;
  // Loaded only when a model is configured: a plain draft does not pay for the LLM client.
  const { createSummarizer } = await import("../pipeline/summarize/enrich.ts");
  const keyEnv = config.llm.apiKeyEnv;
  return createSummarizer({
    config,
    db,
    apiKey: keyEnv ? ctx.io.env[keyEnv] : undefined,
    now: ctx.now(),
    noLlm,
    refresh,
    signal: ctx.io.signal,
  });
}

/** Print a digest's summary accounting (stderr, beside the other per-digest notes; stdout stays the draft path). */
export function printAccounting(ctx: CommandContext, s: Summarizer | null, digestId: string): void {
  const a = s?.accounting(digestId);
  if (!a) return;
  const { info, warnings } = accountingLines(a);
  for (const w of warnings) ctx.io.err(w);
  for (const line of info) ctx.io.err(line);
}
