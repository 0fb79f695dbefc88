/** `feeds import FILE.opml` and `feeds add URL`: new feeds written into feeds.yaml, comments kept. */
import { readFileSync } from "node:fs";
import { addFeeds, type NewFeed, writeFileAtomic } from "../config/edit.ts";
import type { Config } from "../config.ts";
import { AppError, isAppError, oneLine } from "../errors.ts";
import { parseOpml } from "../feeds/opml.ts";
import { fetcherFor } from "../pipeline/refresh.ts";
import { parseFeed } from "../reader/formats/parse.ts";
import { looksLikeHtml } from "../reader/formats/sniff.ts";
import { discoverFeeds } from "../reader/http/discover.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { type CommandContext, flag, str } from "./command.ts";

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      "INPUT",
      `${path}: cannot read ${what}: ${code === "ENOENT" ? "no such file" : oneLine(err)}`,
    );
  }
}

/** Apply (or with --dry-run only show) the additions, then print what happened. */
function commit(
  ctx: CommandContext,
  config: Config,
  feeds: NewFeed[],
  reportSkips = true,
): ReturnType<typeof addFeeds> {
  const result = addFeeds(config, readText(config.path, "config"), feeds);
  const dry = flag(ctx, "dry-run");
  if (result.added.length > 0 && !dry) writeFileAtomic(config.path, result.text);
  for (const a of result.added) ctx.io.out(`${dry ? "would add" : "added"} ${a.id} ${a.url}`);
  if (reportSkips) for (const s of result.skipped) ctx.io.err(`skipped ${s.url}: ${s.reason}`);
  return result;
}

/** `feeds import FILE.opml`. */
export async function importCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1)
    throw new AppError("USAGE", "feeds import: expected one OPML file", {
      hint: "feedwright feeds import FILE.opml",
    });
  const config = ctx.config();
  const opml = parseOpml(readText(file, "OPML file"), file);
  for (const s of opml.skipped) ctx.io.err(`skipped ${s.what}: ${s.reason}`);
  const result = commit(
    ctx,
    config,
    opml.feeds.map((f) => ({ url: f.url, title: f.title, tags: f.tags })),
  );
  const skipped = result.skipped.length + opml.skipped.length;
  ctx.io.err(`${file}: ${result.added.length} feeds added to ${config.path}, ${skipped} skipped`);
  return 0;
}

/** Where `url` leads: itself when it serves a feed, else the first feed its HTML page links to. */
async function resolveFeed(
  ctx: CommandContext,
  config: Config,
  url: string,
): Promise<{ url: string; title: string | null }> {
  const fetcher = fetcherFor(config, ctx.io.env, ctx.now);
  const req = {
    timeoutMs: config.fetch.timeout,
    userAgent: config.fetch.userAgent ?? DEFAULT_USER_AGENT,
    signal: ctx.io.signal,
  };
  try {
    let res = await fetcher.fetch({ ...req, url });
    let feedUrl = res.permanentUrl ?? url;
    if (looksLikeHtml(res.body, res.contentType)) {
      const found = discoverFeeds(new TextDecoder().decode(res.body), res.url);
      if (found.length === 0) throw new AppError("INPUT", `${url}: an HTML page that links to no feed`);
      feedUrl = found[0]!.url;
      ctx.io.err(`${url} is a web page; using the feed it links to: ${feedUrl}`);
      res = await fetcher.fetch({ ...req, url: feedUrl });
      feedUrl = res.permanentUrl ?? feedUrl;
    }
    const parsed = parseFeed(res.body, { baseUrl: res.url, contentType: res.contentType ?? undefined });
    return { url: feedUrl, title: parsed.title };
  } catch (err) {
    if (isAppError(err, "INPUT") || !isAppError(err)) throw err;
    throw new AppError(err.code, `${url}: cannot add: ${oneLine(err)}`, {
      hint: "pass --no-discover to add it without checking",
    });
  } finally {
    await fetcher.close();
  }
}

/** `feeds add URL`. */
export async function addCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const url = args[0];
  if (!url || args.length > 1)
    throw new AppError("USAGE", "feeds add: expected one URL", {
      hint: "feedwright feeds add URL [--id ID] [--tags a,b]",
    });
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new AppError("INPUT", `feeds add: must be an absolute http(s) URL (got ${JSON.stringify(url)})`);
  }
  const config = ctx.config();
  const tags = (str(ctx, "tags") ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const found = flag(ctx, "no-discover") ? { url, title: null } : await resolveFeed(ctx, config, url);
  const feed = { url: found.url, id: str(ctx, "id"), title: str(ctx, "title") ?? found.title, tags };
  const result = commit(ctx, config, [feed], false);
  if (result.added.length === 0) {
    throw new AppError(
      "INPUT",
      `feeds add: ${result.skipped[0]!.url}: ${result.skipped[0]!.reason}; ${config.path} unchanged`,
    );
  }
  return 0;
}
