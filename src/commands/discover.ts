/** `feedwright discover URL`: the feeds a web page links to (or the URL itself when it is a feed). */
import { AppError } from "../errors.ts";
import { looksLikeHtml } from "../reader/formats/sniff.ts";
import { discoverFeeds } from "../reader/http/discover.ts";
import { type Command, flag } from "./command.ts";
import { fetchOne } from "./fetch-one.ts";
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
    const res = await fetchOne(ctx, url);
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
  },
};
