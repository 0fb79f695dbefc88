/** `feedwright extract URL`: what feedwright would take from an article page, for people writing selectors. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { AppError, isAppError, oneLine } from "../errors.ts";
import { checkSelectors, type ExtractOptions, extractArticle } from "../reader/article/extract.ts";
import { decodeBytes } from "../reader/charset/decode.ts";
import { type Command, type CommandContext, flag, str } from "./command.ts";
import { fetchOne } from "./fetch-one.ts";

// Article pages, not feeds: ask for HTML the way a browser does.
const ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

const isHttpUrl = (s: string) => /^https?:\/\//i.test(s) && URL.canParse(s);

/** The extract command. */
export const extractCommand: Command = {
  name: "extract",
  summary: "print the article feedwright would take from a page",
  usage:
    "extract URL [--selector CSS] [--remove CSS ...] [--json]\n" +
    "       feedwright extract --file page.html --url URL [--selector CSS] [--remove CSS ...] [--json]",
  options: {
    selector: {
      type: "string",
      value: "CSS",
      description: "take this part of the page instead of extracting automatically",
    },
    remove: {
      type: "string",
      multiple: true,
      value: "CSS",
      description: "drop the parts matching this selector first (repeatable)",
    },
    json: { type: "boolean", description: "print the result as JSON (title, byline, length, rule, text)" },
    file: {
      type: "string",
      value: "PAGE",
      description: "read the page from this file instead of fetching it",
    },
    url: {
      type: "string",
      value: "URL",
      description: "the page's address, with --file (links resolve against it)",
    },
  },
  examples: [
    "feedwright extract https://example.com/news/article-1",
    "feedwright extract https://example.com/post --selector article.post --remove .share --json",
    "feedwright extract --file saved.html --url https://example.com/post",
  ],
  async run(ctx) {
    const file = str(ctx, "file");
    const target = file === undefined ? ctx.args[0] : str(ctx, "url");
    if (file === undefined ? ctx.args.length !== 1 : ctx.args.length > 0 || target === undefined) {
      throw new AppError("USAGE", "extract: expected one URL, or --file PAGE --url URL");
    }
    if (!isHttpUrl(target!)) {
      throw new AppError("INPUT", `extract: must be an absolute http(s) URL (got ${JSON.stringify(target)})`);
    }
    const remove = ((ctx.values.remove as string[] | undefined) ?? []).filter((s) => typeof s === "string");
    const opts: ExtractOptions = { url: target!, selector: str(ctx, "selector"), remove };
    // A bad selector is the user's to fix: say so before any request is made.
    checkSelectors(opts);

    const page = file === undefined ? await download(ctx, target!) : await readPage(ctx, file);
    const article = extractArticle(page.html, { ...opts, url: page.url });
    if (!article) {
      ctx.io.err(`${page.url}: no article found on the page`);
      return 1;
    }
    if (flag(ctx, "json")) {
      ctx.io.out(JSON.stringify({ url: page.url, encoding: page.encoding, ...article }, null, 2));
      return 0;
    }
    ctx.io.out(`URL:    ${page.url}`);
    ctx.io.out(`Title:  ${article.title ?? "(none)"}`);
    ctx.io.out(`Byline: ${article.byline ?? "(none)"}`);
    ctx.io.out(`Length: ${article.length} characters`);
    ctx.io.out(`Rule:   ${article.rule}`);
    ctx.io.out("");
    ctx.io.out(article.text);
    return 0;
  },
};

interface Page {
  html: string;
  url: string;
  encoding: string;
}

async function readPage(ctx: CommandContext, file: string): Promise<Page> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(ctx.io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : oneLine(err);
    throw new AppError("INPUT", `${file}: cannot read file: ${why}`);
  }
  const { text, encoding } = decodeBytes(bytes);
  return { html: text, url: str(ctx, "url")!, encoding };
}

async function download(ctx: CommandContext, url: string): Promise<Page> {
  try {
    const res = await fetchOne(ctx, url, { accept: ACCEPT_HTML });
    // Charset from the Content-Type header, else a BOM, else <meta>: as for feeds.
    const { text, encoding } = decodeBytes(res.body, res.contentType ?? undefined);
    return { html: text, url: res.url, encoding };
  } catch (err) {
    if (isAppError(err)) throw new AppError(err.code, `${url}: ${err.message}`, { cause: err });
    throw err;
  }
}
