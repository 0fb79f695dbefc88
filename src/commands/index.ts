/** Every CLI command, in the order `--help` lists them. */
import type { Command } from "./command.ts";
import { daemonCommand } from "./daemon.ts";
import { draftCommand } from "./draft.ts";
import { entriesCommand } from "./entries.ts";
import { fetchCommand } from "./fetch.ts";
import { parseCommand } from "./parse.ts";
import { publishCommand } from "./publish.ts";
import { runCommand } from "./run.ts";
import { templateCommand } from "./template.ts";
import { validateCommand } from "./validate.ts";

/** The registry cli.ts dispatches on. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  daemonCommand,
  fetchCommand,
  draftCommand,
  publishCommand,
  entriesCommand,
  validateCommand,
  templateCommand,
  parseCommand,
];
