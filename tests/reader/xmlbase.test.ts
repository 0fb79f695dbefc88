import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";

const parse = (xml: string, baseUrl?: string) => parseFeed(new TextEncoder().encode(xml), { baseUrl });

describe("xml:base and relative URLs", () => {
  const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/root/">
    <link href="home/"/>
    <link rel="self" href="feed.atom"/>
    <entry xml:base="entries/">
      <id>relative/id</id>
      <link href="post-1"/>
      <link rel="enclosure" href="../media/a.mp3" type="audio/mpeg" length="100"/>
      <content type="xhtml" xml:base="/abs/"><div xmlns="http://www.w3.org/1999/xhtml"><a href="x">x</a> <img src="y.png" alt=""/></div></content>
    </entry>
    <entry><link xml:base="http://other.example/a/" href="b"/></entry>
  </feed>`;

  it("resolves nested, relative xml:base on feed, entry, link and content", () => {
    const feed = parse(atom);
    expect(feed.link).toBe("http://example.org/root/home/");
    expect(feed.feedUrl).toBe("http://example.org/root/feed.atom");
    const [first, second] = feed.entries;
    expect(first!.link).toBe("http://example.org/root/entries/post-1");
    expect(first!.enclosures).toEqual([
      { url: "http://example.org/root/media/a.mp3", type: "audio/mpeg", length: "100" },
    ]);
    expect(first!.contentHtml).toBe(
      `<a href="http://example.org/abs/x">x</a> <img src="http://example.org/abs/y.png" alt="">`,
    );
    expect(second!.link).toBe("http://other.example/a/b"); // xml:base on the element itself, not leaking to siblings
  });

  it("never rewrites ids", () => {
    expect(parse(atom).entries[0]!.id).toBe("relative/id");
    const rss = parse(
      `<rss><channel><item><guid>HTTP://www.EXAMPLE.org/thing</guid></item></channel></rss>`,
      "http://e.com/",
    );
    expect(rss.entries[0]!.id).toBe("HTTP://www.EXAMPLE.org/thing");
  });

  it("resolves against the document URL, else the feed's own absolute self link", () => {
    const rss = `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><link>/blog/</link>
      <atom:link rel="self" href="https://site.example/blog/feed.xml"/>
      <item><link>/blog/p1</link><description>&lt;a href="p2"&gt;two&lt;/a&gt;</description></item></channel></rss>`;
    const viaSelf = parse(rss);
    expect(viaSelf.link).toBe("https://site.example/blog/");
    expect(viaSelf.entries[0]!.link).toBe("https://site.example/blog/p1");
    expect(viaSelf.entries[0]!.contentHtml).toBe(`<a href="https://site.example/blog/p2">two</a>`);
    expect(parse(rss, "https://mirror.example/x/feed").entries[0]!.link).toBe(
      "https://mirror.example/blog/p1",
    );
  });

  it("leaves relative links relative when nothing says where the document lives", () => {
    expect(parse(`<rss><channel><item><link>/p1</link></item></channel></rss>`).entries[0]!.link).toBe("/p1");
  });
});
