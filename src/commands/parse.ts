/** `feedwright parse`: parse local feed files as if fetched from a URL with a Content-Type. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { AppError, oneLine } from "../errors.ts";
import { parseFeed } from "../reader/formats/parse.ts";
import type { ParsedFeed } from "../types.ts";
import { type Command, type CommandContext, flag, str } from "./command.ts";

type Outcome = { feed: ParsedFeed } | { error: string };

async function parseFile(
  path: string,
  cwd: string,
  baseUrl?: string,
  contentType?: string,
): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : oneLine(err);
    return { error: `cannot read file: ${why}` };
  }
  try {
    return { feed: parseFeed(bytes, { baseUrl, contentType }) };
  } catch (err) {
    return { error: oneLine(err) };
  }
}

function summary(file: string, feed: ParsedFeed): string[] {
  const head = `${file}: ${feed.format.toUpperCase()} "${feed.title ?? "(untitled)"}", ${feed.entries.length} ${
    feed.entries.length === 1 ? "entry" : "entries"
  }${feed.link ? ` — ${feed.link}` : ""}`;
  const lines = feed.entries.map((e) => {
    const date = (e.published ?? e.updated ?? "").slice(0, 10).padEnd(10);
    return `  ${date}  ${e.title ?? "(untitled)"}${e.link ? `  <${e.link}>` : ""}`;
  });
  return [head, ...lines];
}

function validBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value).href;
  } catch {
    throw new AppError("USAGE", `parse: --base-url: must be an absolute URL (got "${value}")`);
  }
}

/** The parse command: exit 0 when every file parsed, 1 when any could not be read or parsed, 2 on usage errors. */
export const parseCommand: Command = {
  name: "parse",
  summary: "parse feed files (RSS, Atom, RDF, JSON Feed) as if fetched; exit 1 if any file fails",
  usage: "parse [--base-url URL] [--content-type TYPE] [--json] FILE...",
  options: {
    "base-url": {
      type: "string",
      value: "URL",
      description: "the URL the files are read as if fetched from (resolves relative links)",
    },
    "content-type": {
      type: "string",
      value: "TYPE",
      description: "the Content-Type header they are read as if served with (charset, JSON)",
    },
    json: { type: "boolean", description: "one JSON object per file with every parsed entry" },
  },
  examples: [
    "feedwright parse --base-url https://kubernetes.io/ feed.xml",
    "feedwright parse --json a.xml b.json",
  ],
  async run(ctx: CommandContext) {
    if (ctx.args.length === 0) {
      throw new AppError("USAGE", "parse: no FILE given", { hint: "run 'feedwright parse --help'" });
    }
    const baseUrl = validBaseUrl(str(ctx, "base-url"));
    const contentType = str(ctx, "content-type");
    const json = flag(ctx, "json");
    let failed = 0;
    for (const file of ctx.args) {
      const outcome = await parseFile(file, ctx.io.cwd, baseUrl, contentType);
      if ("error" in outcome) failed++;
      if (json) ctx.io.out(JSON.stringify({ file, ...outcome }));
      else if ("error" in outcome) ctx.io.err(`${file}: ${outcome.error}`);
      else for (const line of summary(file, outcome.feed)) ctx.io.out(line);
    }
    return failed > 0 ? 1 : 0;
  },
};
