/** `feedwright fetch`: poll every feed once, store new entries, print a per-feed summary. */
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import { refreshFeeds, StoreFailedError } from "../pipeline/refresh.ts";
import { openStore } from "../store/db.ts";
import type { FeedReport } from "../types.ts";
import { type Command, type CommandContext, flag, type Options } from "./command.ts";
import { allFailed, feedSummary } from "./summary.ts";

/** Options shared by fetch and run. */
export const FETCH_OPTIONS: Options = {
  "retry-gone": {
    type: "boolean",
    description: "poll feeds marked gone (410, or 404 for weeks) again, once",
  },
  feed: { type: "string", multiple: true, value: "ID", description: "poll only this feed (repeatable)" },
};

/** Refresh the feeds with a progress line on a TTY; prints the summary table. */
export async function fetchWithSummary(ctx: CommandContext, config: Config): Promise<FeedReport[]> {
  const only = ctx.values.feed as string[] | undefined;
  for (const id of only ?? []) {
    if (!config.feeds.some((f) => f.id === id)) {
      throw new AppError("USAGE", `--feed: unknown feed "${id}"`);
    }
  }
  const db = await openStore(config.store);
  const progress = ctx.io.isTTY && !ctx.globals.quiet;
  let failures = 0;
  const summary = (reports: readonly FeedReport[]) => {
    if (progress) process.stderr.write("\r\x1b[2K");
    for (const line of feedSummary(reports)) ctx.io.out(line);
  };
  try {
    const reports = await refreshFeeds(config, db, {
      log: ctx.log,
      now: ctx.now,
      signal: ctx.io.signal,
      retryGone: flag(ctx, "retry-gone"),
      only,
      env: ctx.io.env,
      onFeed: (r, done, total) => {
        if (r.outcome === "failed") failures++;
        if (progress) process.stderr.write(`\r\x1b[2Kfetching ${done}/${total} feeds, ${failures} failed`);
      },
    });
    summary(reports);
    return reports;
  } catch (err) {
    // The store failed mid-run: the feeds done are still worth a table; the cause is one line.
    if (err instanceof StoreFailedError) summary(err.reports);
    throw err;
  } finally {
    await db.close();
  }
}

/** The fetch command. */
export const fetchCommand: Command = {
  name: "fetch",
  summary: "poll every feed once and store new entries; prints a per-feed summary",
  usage: "fetch [--feed ID]... [--retry-gone]",
  options: FETCH_OPTIONS,
  examples: ["feedwright fetch", "feedwright fetch --feed kubernetes-blog --retry-gone"],
  async run(ctx) {
    const reports = await fetchWithSummary(ctx, ctx.config());
    return allFailed(reports) ? 1 : 0;
  },
};
