/** argv → command → exit code; cli.ts turns that into the process exit. */
import { parseArgs } from "node:util";
import type { CommandContext, GlobalOptions, Io } from "./commands/command.ts";
import { commandHelp, GLOBAL_OPTIONS, overview } from "./commands/help.ts";
import { COMMANDS } from "./commands/index.ts";
import type { Config } from "./config.ts";
import { AppError, isAppError, oneLine } from "./errors.ts";
import type { Logger } from "./log.ts";
import { VERSION } from "./version.ts";

/** The first positional argument, skipping the values of global options (`--config x fetch` → fetch). */
function commandName(argv: string[]): string | undefined {
  const takesValue = new Set(
    Object.entries(GLOBAL_OPTIONS).flatMap(([long, o]) =>
      o.type === "string" ? [`--${long}`, ...(o.short ? [`-${o.short}`] : [])] : [],
    ),
  );
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return argv[i + 1];
    if (takesValue.has(a)) i++;
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}

/** Run the CLI with `argv` (without node and script) and return the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const name = commandName(argv);
  const ref = COMMANDS.find((c) => c.name === name);
  let log: Logger | undefined;
  try {
    if (name === "help") return await help(argv, io);
    const cmd = ref ? await ref.load() : undefined;
    if (name !== undefined && !cmd) {
      throw new AppError(
        "USAGE",
        `unknown command "${name}" (expected one of: ${COMMANDS.map((c) => c.name).join(", ")})`,
      );
    }
    const options = { ...GLOBAL_OPTIONS, ...(cmd?.options ?? {}) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (err) {
      throw new AppError(
        "USAGE",
        `${cmd ? `${cmd.name}: ` : ""}${oneLine(err).replace(/\. To specify a positional.*$/, "")}`,
        {
          hint: `run 'feedwright ${cmd ? `${cmd.name} ` : ""}--help'`,
        },
      );
    }
    const v = parsed.values;
    if (v.version) {
      io.out(VERSION);
      return 0;
    }
    if (v.help || !cmd) {
      io.out(cmd ? commandHelp(cmd) : await usageOfAll());
      return v.help ? 0 : 2;
    }
    // Loaded only now: zod (config) and pino (log) are most of start-up, and --version/--help need neither.
    const [{ loadConfig }, { createLogger, LOG_LEVELS }] = await Promise.all([
      import("./config.ts"),
      import("./log.ts"),
    ]);
    const logLevel = (v["log-level"] as string | undefined) ?? io.env.FEEDWRIGHT_LOG_LEVEL ?? "info";
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
      throw new AppError("USAGE", `--log-level: must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
    }
    const globals: GlobalOptions = {
      config: (v.config as string | undefined) ?? io.env.FEEDWRIGHT_CONFIG ?? "feeds.yaml",
      logLevel,
      quiet: v.quiet === true || io.env.CI === "true",
    };
    log = createLogger({ level: logLevel, pretty: io.isTTY && !io.env.NO_COLOR });
    let config: Config | undefined;
    const ctx: CommandContext = {
      io,
      log,
      globals,
      values: v,
      args: parsed.positionals.slice(parsed.positionals.indexOf(cmd.name) + 1),
      config: () => {
        config ??= loadConfig(globals.config, io.env);
        return config;
      },
      now: () => clock(io.env),
    };
    return await cmd.run(ctx);
  } catch (err) {
    return report(err, io, log);
  }
}

async function usageOfAll(): Promise<string> {
  return overview(await Promise.all(COMMANDS.map((c) => c.load())));
}

/** `feedwright help [command]`: the same text as `--help`. */
async function help(argv: string[], io: Io): Promise<number> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({
      args: argv,
      options: GLOBAL_OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    throw new AppError("USAGE", `help: ${oneLine(err)}`, { hint: "run 'feedwright help <command>'" });
  }
  const [, topic, ...extra] = positionals;
  if (topic === undefined) {
    io.out(await usageOfAll());
    return 0;
  }
  const ref = COMMANDS.find((c) => c.name === topic);
  if (!ref || extra.length > 0) {
    throw new AppError(
      "USAGE",
      `help: ${ref ? "expected one command" : `unknown command "${topic}"`} (expected one of: ${COMMANDS.map((c) => c.name).join(", ")})`,
    );
  }
  io.out(commandHelp(await ref.load()));
  return 0;
}

function clock(env: NodeJS.ProcessEnv): Date {
  const pinned = env.FEEDWRIGHT_NOW;
  if (pinned) {
    const d = new Date(pinned);
    if (Number.isNaN(d.getTime()))
      throw new AppError("USAGE", `FEEDWRIGHT_NOW: not a date (got "${pinned}")`);
    return d;
  }
  return new Date();
}

function report(err: unknown, io: Io, log: Logger | undefined): number {
  if (isAppError(err)) {
    const lines = err.details.length > 0 ? err.details : [err.message];
    for (const line of lines) io.err(line);
    if (err.hint) io.err(`hint: ${err.hint}`);
    return err.exitCode;
  }
  log?.error({ err }, "unexpected failure");
  io.err(`feedwright: unexpected error: ${oneLine(err)}`);
  return 1;
}
