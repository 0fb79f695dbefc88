import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";
import { FEEDS_REAL_DIR, HAS_FEEDS_REAL } from "./shared-data.ts";

const GOLDEN_DIR = join(import.meta.dirname, "../fixtures/parse-golden");
// Set UPDATE_GOLDEN=1 to rewrite the expected files, then review every diff by eye before committing.
const UPDATE = process.env.UPDATE_GOLDEN === "1";

// Each snapshot parsed as if fetched from its original URL (feeds-real/SOURCES.md), so relative
// links must come out absolute; where SOURCES.md names no URL, none is given.
const SNAPSHOTS: Array<{ file: string; baseUrl?: string; contentType?: string }> = [
  { file: "atom-heise-developer.atom", baseUrl: "http://www.heise.de/developer/rss/news-atom.xml" },
  { file: "atom-relative-links-intertwingly.atom", baseUrl: "http://intertwingly.net/blog/index.atom" },
  { file: "atom-xmlbase-feedburner-typepad.atom", baseUrl: "http://feeds.feedburner.com/TypePadNews" },
  {
    file: "jsonfeed-1.1-lukedorny.json",
    baseUrl: "https://lukedorny.com/feed",
    contentType: "application/feed+json",
  },
  { file: "rss1-rdf-sciencemag.rdf" },
  { file: "rss2-gb2312-qq-news.xml" },
  {
    file: "rss2-hubspot-product-blog.EXCERPT-2items.xml",
    baseUrl: "https://product.hubspot.com/blog/rss.xml",
  },
  { file: "rss2-iso-8859-1-jn-pt.rss", baseUrl: "http://feeds.jn.pt/JN-ULTIMAS", contentType: "text/xml" },
  {
    file: "rss2-relative-links-neverwinter.xml",
    baseUrl: "http://www.arcgames.com/en/games/neverwinter/news/rss",
  },
  { file: "rss2-windows-1251-oren-ru.xml" },
];

// Documents written for this repository (tests/fixtures/parse) in the shapes real feeds take where
// parsers disagree (issue #16): they run everywhere, ../shared or not.
const OWN_DIR = join(import.meta.dirname, "../fixtures/parse");
const OWN: Array<{ file: string; baseUrl?: string }> = [
  { file: "atom-dublin-core-title.atom", baseUrl: "https://lab.example/journal/feed.atom" },
  { file: "atom-unclosed-extension.atom", baseUrl: "https://notes.example/feed.atom" },
  { file: "podcast-unclosed-category.rss", baseUrl: "https://radio.example/feed.rss" },
  { file: "rdf-dublin-core-1.0.rdf", baseUrl: "https://library.example/news.rdf" },
  { file: "rss-dotnet-atom-link.rss", baseUrl: "https://contoso.example/blog/rss" },
  { file: "rss-double-encoded-utf8.rss", baseUrl: "https://cafe.example/double.rss" },
  { file: "rss-latin1-with-utf8-element.rss", baseUrl: "https://cafe.example/latin1.rss" },
  { file: "rss-lenient-times.rss", baseUrl: "https://times.example/feed.rss" },
  { file: "rss-mixed-utf8-cp1252.rss", baseUrl: "https://cafe.example/mixed.rss" },
  { file: "rss-title-fallbacks.rss", baseUrl: "https://clips.example/feed.rss" },
];

function expectGolden(feed: unknown, file: string): void {
  const goldenPath = join(GOLDEN_DIR, `${file.replace(/\.[a-z]+$/, "")}.json`);
  if (UPDATE) writeFileSync(goldenPath, `${JSON.stringify(feed, null, 2)}\n`);
  expect(existsSync(goldenPath), `${goldenPath} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(
    true,
  );
  expect(feed).toEqual(JSON.parse(readFileSync(goldenPath, "utf8")));
}

describe("documents written in real feeds' shapes", () => {
  it.each(OWN)("$file parses to its reviewed golden JSON", ({ file, baseUrl }) => {
    expectGolden(parseFeed(readFileSync(join(OWN_DIR, file)), { baseUrl }), file);
  });
});

describe.skipIf(!HAS_FEEDS_REAL)(`real feed snapshots (skipped when ${FEEDS_REAL_DIR} is absent)`, () => {
  it.each(SNAPSHOTS)("$file parses to its reviewed golden JSON", ({ file, baseUrl, contentType }) => {
    expectGolden(parseFeed(readFileSync(join(FEEDS_REAL_DIR, file)), { baseUrl, contentType }), file);
  });
});
