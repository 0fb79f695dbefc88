/** `feedwright entries`: stored entries with their tags, story cluster, and whether a digest would include them. */
import { parseDuration } from "../config/units.ts";
import { pickDigest } from "../config.ts";
import { compileTagRules, tagEntry } from "../digest/tag.ts";
import { addDays, startOfDay } from "../digest/window.ts";
import { AppError } from "../errors.ts";
import { prepareView } from "../pipeline/draft.ts";
import { openStore } from "../store/db.ts";
import { entriesBetween } from "../store/entries.ts";
import { type Command, dayOption, flag, str } from "./command.ts";
import { table } from "./summary.ts";

/** One listed entry. */
interface Row {
  id: string;
  published: string;
  feed: string;
  sources: string[];
  title: string;
  url: string | null;
  tags: string[];
  /** The id of the story's primary entry when this entry is merged into another's item. */
  cluster: string | null;
  /** With --digest: "included" or why not. */
  digest?: string;
}

/** The entries command. */
export const entriesCommand: Command = {
  name: "entries",
  summary: "list stored entries with tags, cluster and (with --digest) why a draft would include them or not",
  usage: "entries [--since 7d] [--until YYYY-MM-DD] [--feed ID] [--tag T] [--digest ID] [--json]",
  options: {
    since: { type: "string", value: "DAYS", description: "how many days back, in whole days (default 7d)" },
    until: { type: "string", value: "YYYY-MM-DD", description: "the last day listed (default today)" },
    feed: { type: "string", value: "ID", description: "only this feed's entries" },
    tag: { type: "string", value: "TAG", description: "only entries with this tag" },
    digest: {
      type: "string",
      short: "d",
      value: "ID",
      description: "say whether this digest's draft would include each entry, and if not, why",
    },
    json: { type: "boolean", description: "one JSON object per line" },
  },
  examples: [
    "feedwright entries --since 14d --tag security",
    "feedwright entries --digest cloud-native-weekly",
  ],
  async run(ctx) {
    const config = ctx.config();
    const until = dayOption(ctx, config.timezone, "until");
    const sinceMs = parseDuration(str(ctx, "since") ?? "7d");
    if (sinceMs === null || sinceMs < 86_400_000 || sinceMs % 86_400_000 !== 0) {
      throw new AppError(
        "USAGE",
        `--since: must be a whole number of days such as 7d (got "${str(ctx, "since")}")`,
      );
    }
    const feedId = str(ctx, "feed");
    if (feedId !== undefined && !config.feeds.some((f) => f.id === feedId))
      throw new AppError("USAGE", `--feed: unknown feed "${feedId}"`);
    const digestId = str(ctx, "digest");
    const digest = digestId === undefined ? undefined : pickDigest(config, digestId);
    const days = sinceMs / 86_400_000;
    const from = startOfDay(addDays(until, 1 - days), config.timezone);
    const to = startOfDay(addDays(until, 1), config.timezone);
    const db = await openStore(config.store);
    try {
      const rules = compileTagRules(config.tags);
      const feeds = new Map(config.feeds.map((f) => [f.id, f]));
      const verdict = new Map<string, string>();
      const clusterOf = new Map<string, string>();
      if (digest) {
        const { selection } = await prepareView(config, db, digest, until);
        for (const item of selection.items) {
          verdict.set(item.entry.id, "included");
          for (const o of item.others) clusterOf.set(o.id, item.entry.id);
        }
        for (const c of selection.candidates) verdict.set(c.entry.id, c.reason);
      }
      const tag = str(ctx, "tag");
      const rows: Row[] = [];
      for (const e of await entriesBetween(db, from.toISOString(), to.toISOString())) {
        if (feedId && !e.sources.some((s) => s.feedId === feedId)) continue;
        const feed = feeds.get(e.feedId);
        const feedTags = [...new Set(e.sources.flatMap((s) => feeds.get(s.feedId)?.tags ?? []))];
        const tags = tagEntry(e, rules, feedTags, feed?.categoryTags);
        if (tag && !tags.includes(tag)) continue;
        const row: Row = {
          id: e.id,
          published: e.published,
          feed: e.feedId,
          sources: e.sources.map((s) => s.feedId),
          title: e.title,
          url: e.url,
          tags,
          cluster: clusterOf.get(e.id) ?? null,
        };
        if (digest) row.digest = verdict.get(e.id) ?? "outside the window";
        rows.push(row);
      }
      if (flag(ctx, "json")) {
        for (const r of rows) ctx.io.out(JSON.stringify(r));
        return 0;
      }
      const header = [
        "PUBLISHED",
        "FEED",
        "TAGS",
        "TITLE",
        ...(digest ? [`${digest.id.toUpperCase()} ${until}`] : []),
      ];
      const body = rows.map((r) => [
        r.published.slice(0, 16).replace("T", " "),
        r.sources.join(","),
        r.tags.join(","),
        r.title.length > 60 ? `${r.title.slice(0, 59)}…` : r.title,
        ...(digest ? [r.cluster ? `${r.digest} (cluster of ${r.cluster})` : (r.digest ?? "")] : []),
      ]);
      for (const line of table(header, body)) ctx.io.out(line);
      ctx.io.err(`${rows.length} entries from ${addDays(until, 1 - days)} to ${until}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
