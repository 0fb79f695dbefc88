/** The full-text option of `draft` and `run`, and the lines they print about a draft's full text. */
import { fullTextLines } from "../pipeline/full-text-lines.ts";
import type { DraftOutcome, FullTextOptions } from "../pipeline.ts";
import { type CommandContext, flag, type Options } from "./command.ts";

/** `--refresh-full-text`. */
export const FULL_TEXT_OPTIONS: Options = {
  "refresh-full-text": {
    type: "boolean",
    description: "fetch the article pages of teaser items again (a conditional request), not from the store",
  },
};

/** Usage text of the option above. */
export const FULL_TEXT_USAGE = "[--refresh-full-text]";

/** What `writeDraft` needs for full text in a command run. */
export function fullTextFor(ctx: CommandContext): Omit<FullTextOptions, "now"> {
  return { refresh: flag(ctx, "refresh-full-text"), env: ctx.io.env, signal: ctx.io.signal };
}

/** Print a draft's full-text lines on stderr. */
export function printFullText(ctx: CommandContext, o: DraftOutcome): void {
  const { info, warnings } = fullTextLines(o);
  for (const w of warnings) ctx.io.err(w);
  for (const line of info) ctx.io.err(line);
}
