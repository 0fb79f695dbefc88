import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";
import { normalizeFeed } from "../../src/reader/normalize.ts";

const parse = (doc: string, baseUrl = "https://site.example/feed") =>
  parseFeed(new TextEncoder().encode(doc), { baseUrl });
const ATOM = 'xmlns="http://www.w3.org/2005/Atom"';

describe("which element each field comes from", () => {
  it("an empty content:encoded does not hide the description", () => {
    const feed = parse(`<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
      <description>&lt;p&gt;Full text&lt;/p&gt;</description><content:encoded><![CDATA[ ]]></content:encoded>
    </item></channel></rss>`);
    expect(feed.entries[0]!.contentHtml).toBe("<p>Full text</p>");
  });

  it("Atom: the alternate link wins over self, replies, enclosure and via; HTML over other types", () => {
    const feed = parse(`<feed ${ATOM}><entry>
      <link rel="self" href="/self"/><link rel="replies" href="/replies"/><link rel="enclosure" href="/a.mp3"/>
      <link rel="via" href="https://origin.example/story"/>
      <link rel="alternate" type="application/json" href="/json"/><link href="/html" type="text/html"/>
    </entry></feed>`);
    expect(feed.entries[0]).toMatchObject({
      link: "https://site.example/html",
      sourceUrl: "https://origin.example/story",
      enclosures: [{ url: "https://site.example/a.mp3", type: null, length: null }],
    });
  });

  it("Atom: type=text keeps a '<' as a character, type=html strips tags, type=xhtml reads the div", () => {
    const feed = parse(`<feed ${ATOM}>
      <entry><title type="text">a &lt;b&gt; c</title></entry>
      <entry><title type="html">a &lt;b&gt;bold&lt;/b&gt; &amp;amp; c</title></entry>
      <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x <b>y</b> &amp; z</div></title></entry>
    </feed>`);
    expect(feed.entries.map((e) => e.title)).toEqual(["a <b> c", "a bold & c", "x y & z"]);
  });

  it("RSS: a guid is the link only when it is a permalink URL, and always the id", () => {
    const feed = parse(`<rss><channel>
      <item><guid>https://site.example/p/1</guid></item>
      <item><guid isPermaLink="false">https://site.example/p/2</guid></item>
      <item><guid>urn:uuid:1234</guid></item>
    </channel></rss>`);
    expect(feed.entries.map((e) => [e.id, e.link])).toEqual([
      ["https://site.example/p/1", "https://site.example/p/1"],
      ["https://site.example/p/2", null],
      ["urn:uuid:1234", null],
    ]);
  });

  it("authors are names, categories keep document order and skip empties", () => {
    const feed = parse(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><author>me@example.com (Example Editor)</author><category>b</category><dc:subject>a</dc:subject><category/></item>
      <item><dc:creator>"Ann Lee" &lt;ann@example.com&gt;</dc:creator></item>
    </channel></rss>`);
    expect(feed.entries.map((e) => e.author)).toEqual(["Example Editor", "Ann Lee"]);
    expect(feed.entries[0]!.categories).toEqual(["b", "a"]);
  });

  it("no text field of RSS, Atom or JSON Feed keeps bidi controls or line/paragraph separators", () => {
    const x = "A\u202Eevil\u202C \u2066iso\u2069\u2028line\u2029para\u202A\u202B\u202D\u2067\u2068";
    const clean = "Aevil iso line para";
    const docs = [
      `<rss><channel><title>${x}</title><item><title>${x}</title><description>${x}</description>
        <author>${x}</author><category>${x}</category><link>https://site.example/a</link></item></channel></rss>`,
      `<feed ${ATOM}><title>${x}</title><entry><title>${x}</title><summary>${x}</summary>
        <author><name>${x}</name></author><category term="${x}"/><link href="https://site.example/a"/></entry></feed>`,
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: x,
        items: [
          { id: "1", url: "https://site.example/a", title: x, summary: x, authors: [{ name: x }], tags: [x] },
        ],
      }),
    ];
    for (const doc of docs) {
      const feed = parse(doc);
      expect(feed.title).toBe(clean);
      const [e] = normalizeFeed(feed, { feedId: "f", now: new Date("2026-01-15T00:00:00Z") });
      expect([e!.title, e!.summary, e!.author, ...e!.categories]).toEqual([clean, clean, clean, clean]);
    }
  });

  it("JSON Feed: an empty content_html does not hide content_text", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1",
        items: [{ id: "1", content_html: "", content_text: "Plain & simple" }],
      }),
    );
    expect(feed.entries[0]!.contentHtml).toBe("Plain &amp; simple");
  });
});
