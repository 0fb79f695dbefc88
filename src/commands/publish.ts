/** `feedwright publish`: put a written draft on its branch and open or update its pull request. */
import { pickDigest } from "../config.ts";
import { localDate, parseDay } from "../digest/window.ts";
import { publishDraft } from "../publish/publish.ts";
import { openDb } from "../store/db.ts";
import { type Command, str } from "./command.ts";

/** The publish command. */
export const publishCommand: Command = {
  name: "publish",
  summary: "commit a written draft to its branch, push it, and open or update its pull request",
  usage: "publish [--digest ID] [--date YYYY-MM-DD]",
  options: {
    digest: { type: "string", short: "d" },
    date: { type: "string" },
  },
  async run(ctx) {
    const config = ctx.config();
    const digest = pickDigest(config, str(ctx, "digest"));
    const dateArg = str(ctx, "date");
    const date = dateArg === undefined ? localDate(ctx.now(), config.timezone) : parseDay(dateArg, "--date");
    const db = openDb(config.store);
    try {
      const result = await publishDraft(config, db, digest, date, {
        log: ctx.log,
        now: () => ctx.now(),
        env: ctx.io.env,
        signal: ctx.io.signal,
      });
      ctx.io.out(result.message);
      return 0;
    } finally {
      db.close();
    }
  },
};
