import { describe, expect, it } from "vitest";
import { looksLikeHtml } from "../../src/reader/formats/sniff.ts";
import { discoverFeeds } from "../../src/reader/http/discover.ts";

const page = (head: string) => `<!doctype html><html><head>${head}</head><body><p>hi</p></body></html>`;

describe("discoverFeeds", () => {
  it("finds RSS, Atom and JSON Feed links in document order, resolved against the page URL", () => {
    const html = page(`
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
      <link rel="alternate" type="application/rss+xml" title=" RSS " href="feed.rss">
      <link rel="alternate" type="application/feed+json" href="//cdn.example.org/feed.json">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="alternate" type="application/rss+xml" href="/atom.xml">`);
    expect(discoverFeeds(html, "https://blog.example.com/posts/index.html")).toEqual([
      { url: "https://blog.example.com/atom.xml", type: "atom", title: "Atom" },
      { url: "https://blog.example.com/posts/feed.rss", type: "rss", title: "RSS" },
      { url: "https://cdn.example.org/feed.json", type: "json", title: null },
    ]);
  });

  it("resolves against <base href>", () => {
    const html = page(
      `<base href="https://static.example.net/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml">`,
    );
    expect(discoverFeeds(html, "https://example.com/")[0]!.url).toBe(
      "https://static.example.net/site/rss.xml",
    );
  });

  it("accepts rel lists, upper case and type parameters; ignores javascript: links", () => {
    const html = page(`
      <LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF="/a.xml">
      <link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">`);
    expect(discoverFeeds(html, "http://x.example/")).toEqual([
      { url: "http://x.example/a.xml", type: "rss", title: null },
    ]);
  });

  it("returns nothing for a page without feed links", () => {
    expect(discoverFeeds(page("<title>none</title>"), "https://example.com/")).toEqual([]);
  });
});

describe("looksLikeHtml", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it("trusts an HTML Content-Type, else sniffs the start of the body", () => {
    expect(looksLikeHtml(bytes("<rss/>"), "text/html; charset=utf-8")).toBe(true);
    expect(looksLikeHtml(bytes("\uFEFF  <!-- hi -->\n<!DOCTYPE html><html>"), "text/plain")).toBe(true);
    expect(looksLikeHtml(bytes("<html lang=en>"), null)).toBe(true);
    expect(looksLikeHtml(bytes('<?xml version="1.0"?><rss/>'), "application/xml")).toBe(false);
    expect(looksLikeHtml(bytes('{"version":"https://jsonfeed.org/version/1.1"}'), null)).toBe(false);
  });
});
