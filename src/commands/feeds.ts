/** `feedwright feeds`: every feed's health as a table (or JSON); `import`, `export` and `add` edit the list. */
import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import { writeOpml } from "../feeds/opml.ts";
import { claimHolders } from "../store/claims.ts";
import { isPostgresUrl, openStore } from "../store/db.ts";
import { listFeeds } from "../store/feeds.ts";
import type { FeedState } from "../types.ts";
import { type Command, type CommandContext, flag } from "./command.ts";
import { addCommand, importCommand } from "./feeds-add.ts";
import { FLAG_AFTER_FAILURES, table } from "./summary.ts";

/** The stored health fields `feeds` shows as they are (FeedState documents each). */
type StoredHealth = Pick<
  FeedState,
  | "configuredUrl"
  | "url"
  | "lastAttempt"
  | "lastSuccess"
  | "lastStatus"
  | "lastError"
  | "consecutiveFailures"
  | "nextPoll"
  | "gone"
  | "entriesSeen"
>;

/** One configured feed's health, as `feeds --json` prints it. */
export interface FeedHealth extends StoredHealth {
  id: string;
  title: string | null;
  status: "ok" | "failing" | "gone" | "waiting" | "never polled";
  oldestItemLastPoll: string | null;
  /** PostgreSQL: the process (host/pid) polling the feed right now, and the one that polled it last. */
  heldBy?: string | null;
  lastPolledBy?: string | null;
}

/** Who holds and who last polled each feed (PostgreSQL), or null (SQLite: one process). */
type Holders = Map<string, { heldBy: string | null; polledBy: string | null }> | null;

function health(config: Config, states: Map<string, FeedState>, holders: Holders, now: Date): FeedHealth[] {
  return config.feeds.map((f) => {
    const s = states.get(f.id);
    // A state recorded for another URL is stale: ensureFeed resets it on the next poll.
    const st = s && s.configuredUrl === f.url ? s : undefined;
    const status: FeedHealth["status"] = !st?.lastAttempt
      ? "never polled"
      : st.gone
        ? "gone"
        : st.nextPoll && st.nextPoll > now.toISOString()
          ? "waiting"
          : st.consecutiveFailures > 0
            ? "failing"
            : "ok";
    return {
      id: f.id,
      title: f.title ?? null,
      configuredUrl: f.url,
      url: st?.url ?? f.url,
      status,
      lastAttempt: st?.lastAttempt ?? null,
      lastSuccess: st?.lastSuccess ?? null,
      lastStatus: st?.lastStatus ?? null,
      lastError: st?.lastError ?? null,
      consecutiveFailures: st?.consecutiveFailures ?? 0,
      nextPoll: st?.nextPoll ?? null,
      gone: st?.gone ?? false,
      entriesSeen: st?.entriesSeen ?? 0,
      oldestItemLastPoll: st?.lastPollOldestItem ?? null,
      ...(holders && {
        heldBy: holders.get(f.id)?.heldBy ?? null,
        lastPolledBy: holders.get(f.id)?.polledBy ?? null,
      }),
    };
  });
}

/** Read the store without creating it: a config nobody fetched yet has no state file. */
async function readStates(
  config: Config,
  now: Date,
): Promise<{ states: Map<string, FeedState>; holders: Holders }> {
  if (!isPostgresUrl(config.store) && !existsSync(config.store)) return { states: new Map(), holders: null };
  const db = await openStore(config.store);
  try {
    const states = new Map((await listFeeds(db)).map((s) => [s.feedId, s]));
    return { states, holders: db.dialect === "postgres" ? await claimHolders(db, now) : null };
  } finally {
    await db.close();
  }
}

function printTable(ctx: CommandContext, rows: FeedHealth[]): void {
  const cells = rows.map((h) => {
    const failing =
      h.consecutiveFailures >= FLAG_AFTER_FAILURES ? ` [failing ${h.consecutiveFailures} runs in a row]` : "";
    const moved = h.url !== h.configuredUrl ? `now ${h.url} (update feeds.yaml)` : "";
    const note = [h.lastError, h.nextPoll && h.status === "waiting" ? `next poll ${h.nextPoll}` : null, moved]
      .filter(Boolean)
      .join("; ");
    const by = h.heldBy ? `${h.heldBy} (now)` : (h.lastPolledBy ?? "-");
    return [
      h.id,
      h.status,
      h.lastStatus ?? "-",
      h.lastAttempt ?? "-",
      h.lastSuccess ?? "-",
      String(h.consecutiveFailures),
      String(h.entriesSeen),
      ...(h.heldBy !== undefined ? [by] : []),
      `${note}${failing}`,
    ];
  });
  const fleet = rows.some((h) => h.heldBy !== undefined);
  const head = ["FEED", "HEALTH", "LAST", "LAST ATTEMPT", "LAST SUCCESS", "FAILS", "ENTRIES"];
  for (const line of table([...head, ...(fleet ? ["POLLED BY"] : []), "NOTE"], cells)) {
    ctx.io.out(line);
  }
}

/** The feeds command. */
export const feedsCommand: Command = {
  name: "feeds",
  summary: "show every feed's health; import/export OPML; add a feed to feeds.yaml",
  usage: [
    "feeds [--json]",
    "       feedwright feeds import FILE.opml [--dry-run]",
    "       feedwright feeds export [--title TEXT]",
    "       feedwright feeds add URL [--id ID] [--title TEXT] [--tags a,b] [--no-discover] [--dry-run]",
  ].join("\n"),
  options: {
    json: { type: "boolean", description: "feeds: print the health as JSON" },
    id: { type: "string", value: "ID", description: "add: the new feed's id (default derived from the URL)" },
    title: {
      type: "string",
      value: "TEXT",
      description: 'add: the feed\'s title; export: the OPML title (default "feedwright subscriptions")',
    },
    tags: { type: "string", value: "a,b", description: "add: tags given to every entry of the feed" },
    "no-discover": {
      type: "boolean",
      description: "add: write URL as given, without fetching it to check it or find its feed",
    },
    "dry-run": {
      type: "boolean",
      description: "import, add: print what would change in feeds.yaml, change nothing",
    },
  },
  examples: [
    "feedwright feeds",
    "feedwright feeds add https://kubernetes.io/blog/ --tags kubernetes",
    "feedwright feeds import subscriptions.opml --dry-run",
    "feedwright feeds export > feeds.opml",
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === "import") return importCommand(ctx, rest);
    if (sub === "add") return addCommand(ctx, rest);
    const config = ctx.config();
    if (sub === "export") {
      const title = typeof ctx.values.title === "string" ? ctx.values.title : "feedwright subscriptions";
      ctx.io.out(writeOpml(config.feeds, { title, now: ctx.now() }).trimEnd());
      return 0;
    }
    if (sub !== undefined) {
      throw new AppError("USAGE", `feeds: unknown subcommand "${sub}" (expected import, export or add)`);
    }
    const { states, holders } = await readStates(config, ctx.now());
    const rows = health(config, states, holders, ctx.now());
    if (flag(ctx, "json")) ctx.io.out(JSON.stringify(rows, null, 2));
    else printTable(ctx, rows);
    return 0;
  },
};
