/** `feedwright publish`: put a written draft on its branch and open or update its pull request. */
import type { Config, DigestConfig } from "../config.ts";
import { isAppError } from "../errors.ts";
import { publishDraft } from "../publish/publish.ts";
import { type Db, openStore } from "../store/db.ts";
import { type Command, type CommandContext, digestAndDay } from "./command.ts";

/** Publish one digest's draft and print the outcome; false (after one stderr line) when publishing failed. */
export async function publishAndReport(
  ctx: CommandContext,
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
): Promise<boolean> {
  try {
    const result = await publishDraft(config, db, digest, date, {
      log: ctx.log,
      now: () => ctx.now(),
      env: ctx.io.env,
      signal: ctx.io.signal,
    });
    ctx.io.out(result.message);
    return true;
  } catch (err) {
    // Another digest's pull request is still worth trying; the exit status reports the failure.
    if (!isAppError(err, "PUBLISH")) throw err;
    ctx.io.err(err.message);
    return false;
  }
}

/** The publish command. */
export const publishCommand: Command = {
  name: "publish",
  summary: "commit a written draft to its branch, push it, and open or update its pull request",
  usage: "publish [--digest ID] [--date YYYY-MM-DD]",
  options: {
    digest: {
      type: "string",
      short: "d",
      value: "ID",
      description: "the digest to publish (default the only one)",
    },
    date: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "the draft's date (default today in the config's timezone)",
    },
  },
  examples: ["feedwright publish --digest cloud-native-weekly --date 2026-01-15"],
  async run(ctx) {
    const { config, digest, date } = digestAndDay(ctx);
    const db = await openStore(config.store);
    try {
      return (await publishAndReport(ctx, config, db, digest, date)) ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};
