import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";

const parse = (xml: string, opts = {}) => parseFeed(new TextEncoder().encode(xml), opts);

describe("recovering feeds that are not well-formed", () => {
  it("reads undefined HTML entities, bare ampersands and control characters", () => {
    const feed =
      parse(`<rss version="2.0"><channel><title>Caf&eacute; &amp; Bar &nbsp;&mdash; A&B\u0001</title>
      <item><title>AT&T&#146;s news</title><link>http://example.com/?a=1&b=2&copy=3</link></item></channel></rss>`);
    expect(feed.title).toBe("Café & Bar \u00a0— A&B");
    expect(feed.entries[0]!.title).toBe("AT&T’s news");
    expect(feed.entries[0]!.link).toBe("http://example.com/?a=1&b=2&copy=3");
  });

  it("skips junk and blank lines before the XML declaration", () => {
    const feed = parse(
      `\n\n  junk\n<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>`,
    );
    expect(feed.format).toBe("atom");
    expect(feed.title).toBe("T");
  });

  it("keeps every complete item of a truncated feed, and the started one", () => {
    const feed = parse(`<rss><channel><title>T</title>
      <item><title>one</title><link>http://e.com/1</link></item>
      <item><title>two</title><link>http://e.com/2</link></item>
      <item><title>thr`);
    expect(feed.entries.map((e) => e.title)).toEqual(["one", "two", "thr"]);
    expect(feed.entries[1]!.link).toBe("http://e.com/2");
  });

  it("recovers from a missing end tag inside an item", () => {
    const feed = parse(
      `<rss><channel><item><title>one</title><description>x</item><item><title>two</title></item></channel></rss>`,
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["one", "two"]);
  });

  it("expands literal internal entities from the DOCTYPE", () => {
    const feed = parse(
      `<!DOCTYPE rss [<!ENTITY site "Example">]><rss><channel><title>&site; news</title></channel></rss>`,
    );
    expect(feed.title).toBe("Example news");
  });

  it("reads undeclared common prefixes (dc:creator without xmlns:dc)", () => {
    const feed = parse(
      `<rss><channel><item><dc:creator>Ann</dc:creator><dc:date>2024-01-02</dc:date></item></channel></rss>`,
    );
    expect(feed.entries[0]!.author).toBe("Ann");
    expect(feed.entries[0]!.updated).toBe("2024-01-02T00:00:00Z");
  });

  it("reports HTML pages as NOT_A_FEED and garbage as PARSE", () => {
    expect(() => parse("<!doctype html><html><head><title>x</title></head></html>")).toThrow(
      expect.objectContaining({ code: "NOT_A_FEED" }),
    );
    expect(() => parse("<opml><body/></opml>")).toThrow(expect.objectContaining({ code: "NOT_A_FEED" }));
    expect(() => parse("just some words")).toThrow(expect.objectContaining({ code: "PARSE" }));
    expect(() => parseFeed(new Uint8Array(0), {})).toThrow(expect.objectContaining({ code: "PARSE" }));
  });

  it("reads JSON Feed and rejects other JSON", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "J",
        items: [
          {
            id: 7,
            url: "/p/1",
            external_url: "https://elsewhere.example/x",
            content_text: "a < b",
            tags: ["t"],
            authors: [{ name: "Ann" }],
            attachments: [{ url: "/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 100 }],
          },
        ],
      }),
      { baseUrl: "https://j.example/feed.json" },
    );
    expect(feed.entries[0]).toMatchObject({
      id: "7",
      link: "https://j.example/p/1",
      sourceUrl: "https://elsewhere.example/x",
      contentHtml: "a &lt; b",
      author: "Ann",
      categories: ["t"],
      enclosures: [{ url: "https://j.example/a.mp3", type: "audio/mpeg", length: "100" }],
    });
    expect(() => parse(`{"hello": "world"}`)).toThrow(expect.objectContaining({ code: "NOT_A_FEED" }));
    expect(() => parse(`{"version": "https://jsonfeed.org/version/1", "items": [`)).toThrow(
      expect.objectContaining({ code: "PARSE" }),
    );
  });
});
