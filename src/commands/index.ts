/** Every CLI command, in the order `--help` lists them. */
import type { Command } from "./command.ts";
import { parseCommand } from "./parse.ts";
import { validateCommand } from "./validate.ts";

/** The registry cli.ts dispatches on. */
export const COMMANDS: readonly Command[] = [validateCommand, parseCommand];
