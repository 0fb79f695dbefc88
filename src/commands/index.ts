/**
 * Every CLI command, in the order `--help` lists them. Commands load lazily: a `draft` run must not
 * pay for the HTTP client, the HTML parser or the daemon's modules it never uses (process start is
 * part of every cron run's wall time).
 */
import type { Command } from "./command.ts";

/** A command's name and how to load it. */
export interface CommandRef {
  name: string;
  load(): Promise<Command>;
}

/** The registry cli.ts dispatches on. To add a command: one line here, one file beside this one. */
export const COMMANDS: readonly CommandRef[] = [
  { name: "run", load: async () => (await import("./run.ts")).runCommand },
  { name: "init", load: async () => (await import("./init.ts")).initCommand },
  { name: "daemon", load: async () => (await import("./daemon.ts")).daemonCommand },
  { name: "fetch", load: async () => (await import("./fetch.ts")).fetchCommand },
  { name: "feeds", load: async () => (await import("./feeds.ts")).feedsCommand },
  { name: "discover", load: async () => (await import("./discover.ts")).discoverCommand },
  { name: "extract", load: async () => (await import("./extract.ts")).extractCommand },
  { name: "draft", load: async () => (await import("./draft.ts")).draftCommand },
  { name: "publish", load: async () => (await import("./publish.ts")).publishCommand },
  { name: "entries", load: async () => (await import("./entries.ts")).entriesCommand },
  { name: "store", load: async () => (await import("./store.ts")).storeCommand },
  { name: "validate", load: async () => (await import("./validate.ts")).validateCommand },
  { name: "template", load: async () => (await import("./template.ts")).templateCommand },
  { name: "parse", load: async () => (await import("./parse.ts")).parseCommand },
];
