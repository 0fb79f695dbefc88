/** `--help` and `feedwright help <command>`: rendered from each command's own declaration. */
import type { Command, OptionSpec, Options } from "./command.ts";

/** Options every command accepts, with their help lines (main.ts parses them). */
export const GLOBAL_OPTIONS: Options = {
  config: {
    type: "string",
    short: "c",
    value: "PATH",
    description: "config file (default ./feeds.yaml, or $FEEDWRIGHT_CONFIG)",
  },
  "log-level": {
    type: "string",
    value: "LEVEL",
    description: "trace|debug|info|warn|error|fatal|silent (default info; logs go to stderr)",
  },
  quiet: { type: "boolean", short: "q", description: "no progress output, only results" },
  help: { type: "boolean", short: "h", description: "show help (also: feedwright help <command>)" },
  version: { type: "boolean", short: "V", description: "print the version" },
};

function flagOf(long: string, o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : "    ";
  const value = o.type === "string" ? ` ${o.value ?? "VALUE"}${o.multiple ? "..." : ""}` : "";
  return `${short}--${long}${value}`;
}

/** One line per option, descriptions aligned in a column. */
function optionLines(options: Options, width: number): string[] {
  return Object.entries(options).map(([long, o]) => `  ${flagOf(long, o).padEnd(width)}  ${o.description}`);
}

function widthOf(...sets: Options[]): number {
  return Math.max(...sets.flatMap((s) => Object.entries(s).map(([long, o]) => flagOf(long, o).length)));
}

/** The full help of one command: usage, summary, every option on one line, examples. */
export function commandHelp(cmd: Command): string {
  const width = widthOf(cmd.options, GLOBAL_OPTIONS);
  const own = Object.keys(cmd.options).length > 0;
  return [
    `Usage: feedwright ${cmd.usage}`,
    "",
    cmd.summary,
    "",
    ...(own ? ["Options:", ...optionLines(cmd.options, width), ""] : []),
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS, width),
    "",
    cmd.examples.length === 1 ? "Example:" : "Examples:",
    ...cmd.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** `feedwright --help`: every command with its summary, then the global options. */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), "help".length);
  return [
    "Usage: feedwright <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${"help".padEnd(width)}  show a command's options and examples: feedwright help <command>`,
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS, widthOf(GLOBAL_OPTIONS)),
    "",
    "Run 'feedwright <command> --help' (or 'feedwright help <command>') for a command's options.",
  ].join("\n");
}
