/** The contract every CLI command implements; cli.ts parses argv and dispatches. */
import type { ParseArgsOptionDescriptor } from "node:util";
import { type Config, type DigestConfig, pickDigest } from "../config.ts";
import { localDate, parseDay } from "../digest/window.ts";
import type { Logger } from "../log.ts";

/** Where a command writes and what it may read of the process. */
export interface Io {
  /** Results: one call per line (a trailing newline is added). */
  out(text: string): void;
  /** Human-facing messages that are not logs (errors, hints). */
  err(text: string): void;
  /** Whether stderr is a terminal (progress lines, pretty logs). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/** Options every command accepts. */
export interface GlobalOptions {
  config: string;
  logLevel: string;
  quiet: boolean;
}

/** What a command receives. */
export interface CommandContext {
  io: Io;
  log: Logger;
  globals: GlobalOptions;
  /** Parsed options of this command (strings, booleans, or arrays for `multiple`). */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  /** Positional arguments after the command name. */
  args: string[];
  /** Load and validate the config named by --config / FEEDWRIGHT_CONFIG (throws AppError CONFIG). */
  config(): Config;
  /** The clock; commands never call Date.now() directly so tests can pin time. */
  now(): Date;
}

/**
 * One option: what parseArgs needs plus what `--help` prints, so a command's help comes from the same
 * declaration that parses it and can never list an option it lacks (or miss one it has).
 */
export interface OptionSpec extends ParseArgsOptionDescriptor {
  /** One line for `--help`: what the option does, and its default when it has one. */
  description: string;
  /** The placeholder `--help` shows for a string option's value (default VALUE), e.g. "ID". */
  value?: string;
}

/** A command's options by long name. */
export type Options = Record<string, OptionSpec>;

/** A CLI command. `run` resolves to the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `feedwright `, e.g. "draft [--digest ID] [--date YYYY-MM-DD] [--dry-run]". */
  usage: string;
  options: Options;
  /** Command lines `--help` shows under "Examples", each starting with `feedwright <name>`. */
  examples: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

/** A string option's value, or undefined. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === "string" ? v : undefined;
}

/** A boolean flag's value. */
export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** The day named by option `name` (YYYY-MM-DD, validated), or today in the config's timezone. */
export function dayOption(ctx: CommandContext, timezone: string, name = "date"): string {
  const value = str(ctx, name);
  return value === undefined ? localDate(ctx.now(), timezone) : parseDay(value, `--${name}`);
}

/** The config, the digest named by --digest (or the only one), and the --date day. */
export function digestAndDay(ctx: CommandContext): { config: Config; digest: DigestConfig; date: string } {
  const config = ctx.config();
  const digest = pickDigest(config, str(ctx, "digest"));
  return { config, digest, date: dayOption(ctx, config.timezone) };
}
