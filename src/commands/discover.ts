/** `feedwright discover URL`: the feeds a web page links to (or the URL itself when it is a feed). */
import { existsSync } from "node:fs";
import { configSchema } from "../config/schema.ts";
import { type Config, loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { looksLikeHtml } from "../reader/formats/sniff.ts";
import { discoverFeeds } from "../reader/http/discover.ts";
import { createFetcher } from "../reader/http/fetch.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { type Command, flag } from "./command.ts";
import { table } from "./summary.ts";

/** The discover command. */
export const discoverCommand: Command = {
  name: "discover",
  summary: "print the feeds a web page links to",
  usage: "discover URL [--json]",
  options: { json: { type: "boolean", description: "print the feeds as JSON" } },
  examples: ["feedwright discover https://kubernetes.io/blog/"],
  async run(ctx) {
    const url = ctx.args[0];
    if (!url || ctx.args.length > 1) throw new AppError("USAGE", "discover: expected one URL");
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
      throw new AppError("INPUT", `discover: must be an absolute http(s) URL (got ${JSON.stringify(url)})`);
    }
    // No feeds.yaml is needed to look at a page; when there is one, its fetch settings apply.
    const fetchConfig: Config["fetch"] = existsSync(ctx.globals.config)
      ? loadConfig(ctx.globals.config, ctx.io.env).fetch
      : configSchema.shape.fetch.parse(undefined);
    const fetcher = createFetcher({
      maxBytes: fetchConfig.maxBytes,
      connectTimeoutMs: fetchConfig.connectTimeout,
      retries: fetchConfig.retries,
      blockPrivateNetworks: fetchConfig.blockPrivateNetworks,
    });
    try {
      const res = await fetcher.fetch({
        url,
        timeoutMs: fetchConfig.timeout,
        userAgent: fetchConfig.userAgent ?? DEFAULT_USER_AGENT,
        signal: ctx.io.signal,
      });
      const feeds = looksLikeHtml(res.body, res.contentType)
        ? discoverFeeds(new TextDecoder().decode(res.body), res.url)
        : [{ url: res.url, type: "feed", title: null }];
      if (flag(ctx, "json")) ctx.io.out(JSON.stringify(feeds, null, 2));
      else if (feeds.length > 0) {
        for (const line of table(
          ["URL", "TYPE", "TITLE"],
          feeds.map((f) => [f.url, f.type, f.title ?? ""]),
        )) {
          ctx.io.out(line);
        }
      }
      if (feeds.length === 0) {
        ctx.io.err(`${url}: the page links to no feed`);
        return 1;
      }
      return 0;
    } finally {
      await fetcher.close();
    }
  },
};
