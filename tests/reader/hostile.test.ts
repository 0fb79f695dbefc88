import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";
import { MAX_ELEMENTS, MAX_ENTRIES, MAX_FIELD_CHARS } from "../../src/reader/limits.ts";

const parse = (xml: string) => parseFeed(new TextEncoder().encode(xml), {});

// Generous timeout: these build 5 MB inputs, and CI machines are shared. No test asserts a duration.
describe("hostile documents", { timeout: 30_000 }, () => {
  let server: Server;
  let requests = 0;
  let origin = "";

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY leak "FETCHED">');
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("does not read file:// or fetch http:// external entities and DTDs (XXE)", () => {
    const feed = parse(`<?xml version="1.0"?>
      <!DOCTYPE rss SYSTEM "${origin}/rss.dtd" [
        <!ENTITY passwd SYSTEM "file:///etc/passwd">
        <!ENTITY remote SYSTEM "${origin}/entity">
        <!ENTITY % ext SYSTEM "${origin}/ext.dtd"> %ext;
      ]>
      <rss><channel><title>x&passwd;&remote;&leak;</title><item><title>still read</title></item></channel></rss>`);
    expect(feed.title).not.toMatch(/root:|FETCHED/);
    expect(feed.entries[0]!.title).toBe("still read");
    expect(requests).toBe(0);
  });

  it("does not expand billion laughs", () => {
    let subset = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) subset += `<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`;
    const feed = parse(`<!DOCTYPE rss [${subset}]><rss><channel><title>&lol9;</title></channel></rss>`);
    expect(feed.title!.length).toBeLessThan(100);
  });

  it("refuses a quadratic blowup (one large entity referenced many times)", () => {
    const big = "A".repeat(50_000);
    const refs = "&big;".repeat(50_000);
    const feed = parse(
      `<!DOCTYPE rss [<!ENTITY big "${big}">]><rss><channel><title>${refs}</title></channel></rss>`,
    );
    expect(feed.title!.length).toBeLessThanOrEqual(refs.length);
  });

  it("survives 10,000-deep element nesting in the XML and in escaped content", () => {
    const depth = 10_000;
    const xmlDeep = `${"<x>".repeat(depth)}deep${"</x>".repeat(depth)}`;
    const htmlDeep = `${"&lt;div&gt;".repeat(depth)}deep${"&lt;/div&gt;".repeat(depth)}`;
    const feed = parse(
      `<rss><channel><item><title>a</title><description>${htmlDeep}</description><foo>${xmlDeep}</foo></item>` +
        `<item><title>b</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${xmlDeep}</content:encoded></item></channel></rss>`,
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["a", "b"]);
    expect(feed.entries[0]!.summary).toBe("deep");
    expect(feed.entries[1]!.contentHtml).toBe("deep");
  });

  // These once took minutes (htmlparser2's Parser re-scans its whole stack for each stray end tag).
  it("survives 5 MB of unclosed or mismatched tags in the XML and in escaped content", () => {
    const unclosed = parse(`<rss><channel><item><title>t</title>${"<x>".repeat(1_600_000)}`);
    expect(unclosed.entries[0]!.title).toBe("t");
    const mismatched = parse(
      `<rss><channel><item><title>t</title>${"<x>".repeat(600_000)}${"</y>".repeat(600_000)}`,
    );
    expect(mismatched.entries[0]!.title).toBe("t");
    const html = `${"&lt;b&gt;".repeat(300_000)}${"&lt;/i&gt;".repeat(300_000)}`;
    const content = parse(
      `<rss><channel><item><title>t</title><description>${html}</description></item></channel></rss>`,
    );
    expect(content.entries[0]!.contentHtml!.startsWith("<b><b>")).toBe(true);
  });

  it("reports at most 10,000 entries and builds at most 500,000 elements", () => {
    const many = parse(`<rss><channel>${"<item><title>t</title></item>".repeat(20_000)}</channel></rss>`);
    expect(many.entries).toHaveLength(MAX_ENTRIES);
    const json = parse(
      JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items: Array(20_000).fill({ id: "x" }) }),
    );
    expect(json.entries).toHaveLength(MAX_ENTRIES);
    // 1.25 million empty elements: those past the limit are not built, so the items after them are not seen.
    const flood = parse(
      `<rss><channel><item><title>first</title></item>${"<a/>".repeat(1_250_000)}<item><title>late</title></item></channel></rss>`,
    );
    expect(flood.entries.map((e) => e.title)).toEqual(["first"]);
  });

  it("reads a 1 MB text node whole, and a 5 MB one up to MAX_FIELD_CHARS, marking the cut", () => {
    const item = (text: string) =>
      parse(`<rss><channel><item><title>t</title><description>${text}</description></item></channel></rss>`)
        .entries[0]!;
    const long = "word ".repeat(200_000);
    expect(item(long).summary).toBe(long.trim());
    const huge = "word ".repeat(1_000_000);
    const cut = item(huge);
    expect(cut.summary).toBe(`${huge.slice(0, MAX_FIELD_CHARS)}…`);
    expect(cut.contentHtml).toBe(huge.slice(0, MAX_FIELD_CHARS));
  });

  it("cuts serialized XHTML between tags and entities, marking the cut", () => {
    // Padded units (few elements: the entry's element limit must not end the text first), so
    // that the cut falls inside a tag, an entity and text in turn.
    for (const pad of ["", "x", "xx", "xxxxxxxx"]) {
      const unit = `<i>${pad}a&amp;b ${"w".repeat(100)}</i>`;
      const xhtml = unit.repeat(Math.ceil((MAX_FIELD_CHARS * 1.2) / unit.length));
      const feed = parse(
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${xhtml}</div></summary></entry></feed>`,
      );
      const summary = feed.entries[0]!.summary!;
      expect(summary.endsWith("…")).toBe(true);
      // No piece of a tag or an entity before the ellipsis: the text is a prefix of the whole.
      const whole = `${pad}a&b ${"w".repeat(100)}`.repeat(Math.ceil(xhtml.length / unit.length));
      expect(whole.startsWith(summary.slice(0, -1))).toBe(true);
      expect(summary.length).toBeGreaterThan(MAX_FIELD_CHARS * 0.8);
    }
  });

  it("reads at most MAX_FIELD_CHARS of an attribute value", () => {
    const path = "a".repeat(3_000_000);
    const feed = parse(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://x.example/${path}"/></entry></feed>`,
    );
    expect(feed.entries[0]!.link).toBe(`https://x.example/${path}`.slice(0, MAX_FIELD_CHARS));
  });

  it("refuses a JSON feed of more than MAX_ELEMENTS objects and arrays, counting none inside strings", () => {
    const head = '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1",';
    const flood = `${head}"_x":[${"[],".repeat(MAX_ELEMENTS)}[]]}]}`;
    expect(() => parse(flood)).toThrow(/JSON feed with more than 500,000 objects and arrays/);
    // Brackets and braces in strings (after an escaped quote, or after an escaped backslash that
    // ends a string) are text, not structure.
    const brackets = "[{".repeat(MAX_ELEMENTS);
    const feed = parse(`${head}"title":"x\\\\","summary":"a\\"b${brackets}"}]}`);
    expect(feed.entries[0]!.title).toBe("x\\");
    expect(feed.entries[0]!.summary).toBe(`a"b${brackets}`);
  });

  it("reads 5 MB of unterminated markup without crashing", () => {
    expect(() => parse(`<rss><channel><item><title>${"<a ".repeat(1_700_000)}`)).not.toThrow();
    const title = parse(`<rss><channel><title>${"&".repeat(5_000_000)}</title></channel></rss>`).title!;
    expect(title).toBe(`${"&".repeat(MAX_FIELD_CHARS)}…`);
  });
});
