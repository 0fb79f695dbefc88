/**
 * Child process for tests/reader/memory.test.ts: builds one hostile document of about 10 MB,
 * parses and normalizes it as a poll does, and prints what came out (lengths, ends of the text).
 * Run with a small --max-old-space-size, so a parse that blows up dies of it.
 */

import { parseFeed } from "../../src/reader/formats/parse.ts";
import { normalizeFeed } from "../../src/reader/normalize.ts";

const SIZE = 10_000_000;
const fill = (unit: string) => unit.repeat(Math.floor(SIZE / unit.length));
const ATOM = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:x,2026:1</id><title>hostile</title>';
const RSS = '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>';

/** The shapes the test runs: issue #15's escaped tags first. */
export const SHAPES: Record<string, () => string> = {
  "xhtml-escaped-tags": () =>
    `${ATOM}<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${fill("&lt;b&gt;")}</div></summary></entry></feed>`,
  "xhtml-sibling-tags": () =>
    `${ATOM}<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${fill("<b>x</b>")}</div></content></entry></feed>`,
  "cdata-sibling-tags": () =>
    `${RSS}<item><title>t</title><content:encoded><![CDATA[${fill("<b>x</b>")}]]></content:encoded></item></channel></rss>`,
  "escaped-entities": () =>
    `${RSS}<item><title>t</title><description>${fill("&amp;amp;")}</description></item></channel></rss>`,
  "cdata-text-runs": () =>
    `${RSS}<item><title>t</title><description>${fill("<![CDATA[x]]>y")}</description></item></channel></rss>`,
  "tiny-entries": () => `${RSS}${fill("<item><title>t</title></item>")}</channel></rss>`,
  "many-categories": () =>
    `${RSS}<item><title>t</title>${fill("<category>c</category>")}</item></channel></rss>`,
};

if (process.argv[1] === import.meta.filename) {
  const bytes = Buffer.from(SHAPES[process.argv[2]!]!());
  const feed = parseFeed(bytes, { baseUrl: "https://example.org/feed" });
  const entries = normalizeFeed(feed, { feedId: "x", now: new Date("2026-01-16T00:00:00Z") });
  const first = entries[0]!;
  const ends = (s: string) => ({ length: s.length, head: s.slice(0, 12), tail: s.slice(-12) });
  process.stdout.write(
    JSON.stringify({
      entries: entries.length,
      title: first.title,
      summary: ends(first.summary),
      content: ends(first.contentHtml),
      categories: first.categories.length,
    }),
  );
}
