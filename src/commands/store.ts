/** `feedwright store copy`: carry a store's history into another one (SQLite ↔ PostgreSQL). */
import { resolve } from "node:path";
import { AppError } from "../errors.ts";
import { copyStore } from "../store/copy.ts";
import { type Db, isPostgresUrl, openStore } from "../store/db.ts";
import { storeLabel, storeUrlProblem } from "../store/url.ts";
import { type Command, type CommandContext, flag, str } from "./command.ts";

/** A store named on the command line: a URL as it is, a file relative to the working folder. */
function location(ctx: CommandContext, option: string, value: string): string {
  const problem = storeUrlProblem(value);
  if (problem) throw new AppError("USAGE", `--${option}: ${problem}`);
  return isPostgresUrl(value) ? value : resolve(ctx.io.cwd, value);
}

async function copy(ctx: CommandContext): Promise<number> {
  const toArg = str(ctx, "to");
  if (!toArg)
    throw new AppError("USAGE", "store copy: --to <store> is required (a file path or a postgres:// URL)");
  const to = location(ctx, "to", toArg);
  const fromArg = str(ctx, "from");
  const from = fromArg ? location(ctx, "from", fromArg) : ctx.config().store;
  if (from === to)
    throw new AppError("USAGE", `store copy: --to names the source store itself (${storeLabel(to)})`);
  const batch = str(ctx, "batch");
  if (batch !== undefined && !/^[1-9]\d{0,4}$/.test(batch))
    throw new AppError("USAGE", `--batch: must be a number of rows from 1 to 99999 (got "${batch}")`);
  const progress = ctx.io.isTTY && !ctx.globals.quiet;
  let source: Db | null = null;
  let target: Db | null = null;
  try {
    source = await openStore(from);
    target = await openStore(to);
    const result = await copyStore(source, target, {
      force: flag(ctx, "force"),
      now: ctx.now(),
      batch: batch === undefined ? undefined : Number(batch),
      signal: ctx.io.signal,
      onProgress: progress
        ? (table, done, total) => process.stderr.write(`\r\x1b[2Kcopying ${table}: ${done}/${total} rows`)
        : undefined,
    });
    if (progress) process.stderr.write("\r\x1b[2K");
    for (const r of result) ctx.io.out(`${r.table.padEnd(14)} ${String(r.rows).padStart(9)}`);
    ctx.io.out(`copied ${source.path} to ${target.path}; row counts verified`);
    return 0;
  } finally {
    if (progress) process.stderr.write("\r\x1b[2K");
    await source?.close();
    await target?.close();
  }
}

/** The store command. */
export const storeCommand: Command = {
  name: "store",
  summary: "copy every table of a store into another (SQLite ↔ PostgreSQL)",
  usage: "store copy --to <store> [--from <store>] [--force] [--batch N]",
  options: {
    to: {
      type: "string",
      value: "STORE",
      description: "the store to fill: a SQLite file path or a postgres:// URL (required)",
    },
    from: {
      type: "string",
      value: "STORE",
      description: "the store to copy (default: the configured store, or FEEDWRIGHT_STORE)",
    },
    force: { type: "boolean", description: "replace what a non-empty target holds" },
    batch: { type: "string", value: "N", description: "rows per transaction (default 500)" },
  },
  examples: [
    'feedwright store copy --to "postgres://feedwright@db.internal/news?sslmode=verify-full"',
    "feedwright store copy --from postgres://feedwright@db.internal/news --to backup.db",
  ],
  async run(ctx) {
    const [sub] = ctx.args;
    if (sub === "copy") return copy(ctx);
    throw new AppError("USAGE", `store: unknown subcommand "${sub ?? ""}" (expected copy)`);
  },
};
