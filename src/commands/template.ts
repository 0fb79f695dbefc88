/** `feedwright template`: print the variables (and helpers) a digest template can use, as JSON. */
import { prepareView } from "../pipeline/draft.ts";
import { openStore } from "../store/db.ts";
import { type Command, digestAndDay } from "./command.ts";

/** The helpers registered for every template, with how to call them. */
export const TEMPLATE_HELPERS: Record<string, string> = {
  md: "{{md text}} — Markdown-escaped text (*, _, [, ], #, <, | … render literally)",
  url: "{{url link}} — a safe link target: http(s) only; spaces, parentheses and braces encoded",
  yaml: "{{yaml value}} — a YAML value on one line",
  date: '{{date value "long|short|iso|time"}} — a date in the digest\'s timezone and language',
  truncate: "{{truncate text 200}} — at most N characters, cut at a sentence end (also 。！？)",
  join: '{{join list ", "}} — a list joined with a separator',
  links: '{{links alsoReportedBy ", "}} — Markdown links [name](link) joined',
  eq: "{{#if (eq a b)}} — equality",
};

/** The template command. */
export const templateCommand: Command = {
  name: "template",
  summary: "print the variables a digest template can use (JSON), from the stored entries",
  usage: "template [--digest ID] [--date YYYY-MM-DD]",
  options: {
    digest: { type: "string", short: "d", value: "ID", description: "the digest (default the only one)" },
    date: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "the draft date the variables are for (default today in the config's timezone)",
    },
  },
  examples: ["feedwright template --digest cloud-native-weekly > variables.json"],
  async run(ctx) {
    const { config, digest, date } = digestAndDay(ctx);
    const db = await openStore(config.store);
    try {
      const { view } = await prepareView(config, db, digest, date);
      ctx.io.out(JSON.stringify({ helpers: TEMPLATE_HELPERS, variables: view }, null, 2));
      return 0;
    } finally {
      await db.close();
    }
  },
};
