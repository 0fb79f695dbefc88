import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/commands/command.ts";
import { main } from "../../src/main.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/parse");
const FEED = join(FIXTURES, "relative.rss");
const HTML = join(FIXTURES, "page.html");

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    isTTY: false,
    env: { FEEDWRIGHT_LOG_LEVEL: "silent" },
    cwd: FIXTURES,
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe("feedwright parse", () => {
  it("--json prints one line per file, in order, with the file as given", async () => {
    const { code, out } = await run(
      "parse",
      "--json",
      "--base-url",
      "https://site.example/feed.xml",
      FEED,
      "relative.rss",
    );
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([FEED, "relative.rss"]);
    const feed = lines[0].feed;
    expect(feed).toMatchObject({
      format: "rss",
      title: "Relative & Friends",
      link: "https://site.example/blog/",
    });
    expect(feed.entries[0]).toMatchObject({
      link: "https://site.example/blog/first",
      published: "2017-12-07T18:00:29Z",
      summary: "Hello there",
      // Relative links in content resolve against the document URL, not the channel link.
      contentHtml: '<p>Hello <a href="https://site.example/second">there</a></p>',
    });
  });

  it("reports a missing file and a non-feed as error lines, keeps going, and exits 1", async () => {
    const { code, out } = await run("parse", "--json", "missing.xml", HTML, FEED);
    expect(code).toBe(1);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ file: "missing.xml", error: "cannot read file: no such file" });
    expect(lines[1]).toEqual({ file: HTML, error: "not a feed: the document is an HTML page" });
    expect(lines[2].feed.title).toBe("Relative & Friends");
  });

  it("applies --content-type's charset to every file", async () => {
    const file = "koi8r-undeclared.rss"; // KOI8-R bytes with no declaration: only the header can tell
    const guessed = await run("parse", "--json", file);
    const told = await run("parse", "--json", "--content-type", "text/xml; charset=KOI8-R", file, file);
    expect(JSON.parse(guessed.out[0]!).feed.title).not.toBe("Новости");
    expect(told.out.map((l) => JSON.parse(l).feed.title)).toEqual(["Новости", "Новости"]);
  });

  it("prints a readable summary without --json, errors on stderr", async () => {
    const rel = relative(FIXTURES, FEED);
    const { code, out, err } = await run("parse", rel, "nope.xml");
    expect(code).toBe(1);
    expect(out[0]).toBe('relative.rss: RSS "Relative & Friends", 1 entry — /blog/');
    expect(out[1]).toBe("  2017-12-07  First post  </blog/first>");
    expect(err).toEqual(["nope.xml: cannot read file: no such file"]);
  });

  it("exits 2 on usage errors: no FILE, or a --base-url that is not absolute", async () => {
    expect((await run("parse")).code).toBe(2);
    const bad = await run("parse", "--base-url", "example.com/feed", FEED);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('parse: --base-url: must be an absolute URL (got "example.com/feed")');
  });
});
