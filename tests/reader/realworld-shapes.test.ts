import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";

// Issue #16: shapes real feeds take that lost what a reader would see. The documents in
// tests/fixtures/parse are also golden-tested whole (golden.test.ts); these pin the point of each.
const DIR = join(import.meta.dirname, "../fixtures/parse");
const file = (name: string, baseUrl?: string) => parseFeed(readFileSync(join(DIR, name)), { baseUrl });
const parse = (xml: string) => parseFeed(new TextEncoder().encode(xml), {});
const titles = (feed: { entries: Array<{ title: string | null }> }) => feed.entries.map((e) => e.title);

describe("items an unclosed extension element swallowed", () => {
  it("finds the items inside a podcast's never-closed itunes:category", () => {
    const feed = file("podcast-unclosed-category.rss");
    expect(titles(feed)).toEqual([
      "Episode 3: Tiny compilers",
      "Episode 2: Floppy disks",
      "Episode 1: Hello, world",
    ]);
    expect(feed.entries[0]!.enclosures).toHaveLength(1);
  });

  it("finds Atom entries after an unclosed extension element, in document order", () => {
    expect(titles(file("atom-unclosed-extension.atom"))).toEqual(["Notes on caching", "Notes on logging"]);
    const mixed = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title></entry>
      <x:ext xmlns:x="urn:x"><entry><title>b</title></entry></feed>`);
    expect(titles(mixed)).toEqual(["a", "b"]);
  });

  it("does not take an item's own nested elements for items", () => {
    const feed = parse(
      `<rss><channel><item><title>outer</title><x:box xmlns:x="urn:x"><item><title>inner</title></item></x:box></item></channel></rss>`,
    );
    expect(titles(feed)).toEqual(["outer"]);
  });
});

describe("mixed and double-encoded UTF-8", () => {
  it("reads windows-1252 elements of a UTF-8 feed as windows-1252 and the rest as UTF-8", () => {
    expect(titles(file("rss-mixed-utf8-cp1252.rss"))).toEqual([
      "Crème brûlée à la française",
      "Déjà vu — “encore” au café",
      "Привет из Москвы",
      "Smörgåsbord",
    ]);
  });

  it("repairs text encoded twice (and three times), and leaves odd-looking correct text alone", () => {
    const feed = file("rss-double-encoded-utf8.rss");
    expect(feed.title).toBe("Le Journal du Café");
    expect(titles(feed)).toEqual([
      "Crème brûlée à la française",
      "Привет из Москвы",
      "Déjà vu, encore une fois",
      "CAFÉ… straße“ and SÃO PAULO stay as written",
    ]);
    expect(feed.entries[0]!.summary).toBe("It’s the café’s best dessert — naïve and perfect…");
    expect(feed.entries[1]!.summary).toBe("日本語のニュース, Ελληνικά, 😀");
  });

  it("reads a UTF-8 element of an ISO-8859-1 feed as UTF-8", () => {
    const feed = file("rss-latin1-with-utf8-element.rss");
    expect(titles(feed)).toEqual(["Fête de la musique à Lyon", "Café–théâtre : la rentrée", "CAFÉ… fermé"]);
    expect(feed.entries[1]!.summary).toBe("Billets à 12 €.");
  });

  it("leaves a clean windows-1252 feed as it was", () => {
    const doc = `<?xml version="1.0" encoding="windows-1252"?><rss><channel><item><title>CAFÉ… Fuß“ naïve</title></item></channel></rss>`;
    expect(titles(parseFeed(iconv.encode(doc, "windows-1252"), {}))).toEqual(["CAFÉ… Fuß“ naïve"]);
    const undeclared = doc.replace(' encoding="windows-1252"', "");
    expect(titles(parseFeed(iconv.encode(undeclared, "windows-1252"), {}))).toEqual(["CAFÉ… Fuß“ naïve"]);
  });
});

describe("Dublin Core 1.0 and Atom's dc:title", () => {
  it("reads dc:title and dc:date in the DC 1.0 namespace", () => {
    const feed = file("rdf-dublin-core-1.0.rdf");
    expect(feed.title).toBe("Library News");
    expect(feed.entries.map((e) => [e.title, e.updated])).toEqual([
      ["Reading room reopens", "2026-06-08T08:00:00Z"],
      ["New maps collection", "2026-06-01T00:00:00Z"],
    ]);
  });

  it("takes dc:title (1.1 or 1.0) as an Atom entry's title only when it has no atom:title", () => {
    const feed = file("atom-dublin-core-title.atom");
    expect(titles(feed)).toEqual([
      "Calibrating the spectrometer",
      "Samples from the north shore",
      "An Atom title wins",
    ]);
    expect(feed.entries[1]!.updated).toBe("2026-06-02T08:30:00Z");
  });
});

describe("fallbacks for a missing title or link", () => {
  it("uses media:title (item, media:content, media:group) and atom:title in channel and item", () => {
    const feed = file("rss-title-fallbacks.rss");
    expect(feed.title).toBe("Clips of the Week");
    expect(titles(feed)).toEqual([
      "Sunrise over the harbour",
      "Rain on a tin roof",
      "Night market & lanterns",
      "Ferry crossing",
      "Snow & silence",
      "A plain title",
    ]);
  });

  it("uses an item's atom:link (rel alternate or none) when it has no <link>", () => {
    const feed = file("rss-dotnet-atom-link.rss", "https://contoso.example/blog/rss");
    expect(feed.entries.map((e) => e.link)).toEqual([
      "https://contoso.example/blog/post/faster-builds",
      "https://contoso.example/blog/post/on-call",
    ]);
    expect(feed.entries[0]!.published).toBe("2026-06-09T12:35:09Z"); // .NET writes "Z" as the zone
    const selfOnly = parse(`<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><item>
      <atom:link rel="self" href="https://e.example/self"/><guid isPermaLink="false">x</guid></item></channel></rss>`);
    expect(selfOnly.entries[0]!.link).toBeNull();
  });
});

describe("lenient times in a feed", () => {
  it("reads one-digit minutes and seconds, short offsets and military zones, not impossible values", () => {
    const feed = file("rss-lenient-times.rss");
    expect(feed.updated).toBe("2026-06-10T07:05:03Z");
    expect(feed.entries.map((e) => e.published)).toEqual([
      "2026-06-10T12:35:09Z",
      "2026-06-10T10:05:09Z",
      "2026-06-10T12:35:09Z",
      null,
      null,
    ]);
  });
});
