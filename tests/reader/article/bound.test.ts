import { describe, expect, it } from "vitest";
import { boundPage, MAX_DEPTH, MAX_ELEMENTS } from "../../../src/reader/article/bound.ts";
import { extractArticle } from "../../../src/reader/article/extract.ts";

const count = (html: string, tag: string) => html.split(`<${tag}>`).length - 1;
const PARA = "<p>Some words of reporting, with commas, that read like a paragraph of an article.</p>";

describe("boundPage", () => {
  it("drops the tags of elements nested deeper than MAX_DEPTH and keeps their text", () => {
    const out = boundPage(
      `<html><body>${"<div>".repeat(5000)}deep text${"</div>".repeat(5000)}<p>after</p></body></html>`,
    );
    expect(count(out, "div")).toBeLessThanOrEqual(MAX_DEPTH);
    expect(count(out, "div")).toBeGreaterThan(MAX_DEPTH - 5);
    expect(out).toContain("deep text");
    expect(out).toContain("<p>after</p>");
  });

  it("bounds unclosed nesting the same way", () => {
    const out = boundPage(`<body>${"<div><span><b>".repeat(3000)}bottom`);
    expect(count(out, "div") + count(out, "span") + count(out, "b")).toBeLessThanOrEqual(MAX_DEPTH);
    expect(out).toContain("bottom");
  });

  it("counts unclosed <p> and <li> as the parser closes them, so long plain pages keep their tags", () => {
    const out = boundPage(`<body>${"<p>para".repeat(500)}<ul>${"<li>item".repeat(500)}</ul></body>`);
    expect(count(out, "p")).toBe(500);
    expect(count(out, "li")).toBe(500);
  });

  it("drops the tags of elements past MAX_ELEMENTS and keeps their text", () => {
    const out = boundPage(`<body>${"<span>w</span>".repeat(MAX_ELEMENTS + 5000)}</body>`);
    expect(count(out, "span")).toBeLessThan(MAX_ELEMENTS);
    expect(out.match(/w/g)!.length).toBe(MAX_ELEMENTS + 5000);
  });

  it("leaves out scripts, styles, links, SVG and comments, keeps JSON-LD and every attribute", () => {
    const out = boundPage(
      '<head><script>var a = "<p>x</p>";</script><script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"A & B"}}</script><style>p{}</style>' +
        '<link rel="stylesheet" href="/s.css"></head><body><!-- note --><svg><text>chart</text></svg><div data-testid="body" class="x">T &amp; U &lt;b&gt;</div></body>',
    );
    expect(out).not.toMatch(/var a|p\{\}|chart|note|<link|s\.css/);
    expect(out).toContain('{"@type":"NewsArticle","author":{"name":"A & B"}}');
    expect(out).toContain('<div data-testid="body" class="x">T &amp; U &lt;b&gt;</div>');
  });
});

describe("boundPage whitespace", () => {
  it("leaves out whitespace between blocks, and keeps it between inline elements, in <pre> and in bylines", () => {
    const out = boundPage(
      "<body>\n  <div>\n    <p>a</p>\n    <p><b>x</b> <i>y</i></p>\n  </div>\n<pre>\n<div>\n</div></pre>" +
        '<div class="byline">\n  <p>By A</p>\n</div>\n</body>',
    );
    expect(out).toBe(
      "<body><div><p>a</p><p><b>x</b> <i>y</i></p></div>\n<pre>\n<div>\n</div></pre>" +
        '<div class="byline">\n  <p>By A</p>\n</div></body>',
    );
  });

  it("keeps whitespace between blocks whose tags are dropped, so their words stay apart", () => {
    const deep = `<body>${"<div>".repeat(MAX_DEPTH)}<p>a</p>\n<p>b</p>${"</div>".repeat(MAX_DEPTH)}</body>`;
    expect(boundPage(deep)).toContain("a\nb");
  });
});

describe("boundPage with readAttributesOnly", () => {
  const html =
    '<body><div class="c" id="i" data-track="x" onclick="go()" aria-label="l" aria-hidden="true" tabindex="0">' +
    '<a href="/a" target="_blank" rel="author" data-id="7">A</a><a href="/b" rel="nofollow">B</a>' +
    '<meta name="author" content="M"><span name="n" content="c">S</span>' +
    '<img data-src="/big.jpg" data-whatever="/other.png" src="data:,">' +
    '<p style="color: red">shown</p><p style="display:none">gone</p></div></body>';

  it("keeps what the article code reads and drops the rest", () => {
    const out = boundPage(html, { readAttributesOnly: true });
    expect(out).toContain('<div class="c" id="i" aria-hidden="true">');
    expect(out).toContain('<a href="/a" rel="author">A</a><a href="/b">B</a>');
    expect(out).toContain('<meta name="author" content="M"><span>S</span>');
    // Lazy loaders keep the real image under any name: media elements keep every attribute.
    expect(out).toContain('<img data-src="/big.jpg" data-whatever="/other.png" src="data:,">');
    expect(out).toContain('<p>shown</p><p style="display:none">gone</p>');
  });

  it("keeps every attribute without the option", () => {
    expect(boundPage(html)).toContain('data-track="x" onclick="go()" aria-label="l"');
  });

  it("keeps every attribute for an editor's rules, which may name any of them", () => {
    const page = `<html><body><article>${PARA.repeat(8)}<p data-kind="promo">Buy the thing now.</p></article></body></html>`;
    const url = "https://x.example/";
    expect(extractArticle(page, { url })?.text).toContain("Buy the thing");
    expect(extractArticle(page, { url, remove: ['[data-kind="promo"]'] })?.text).not.toContain(
      "Buy the thing",
    );
    expect(extractArticle(page, { url, selector: '[data-kind="promo"]' })?.text).toBe("Buy the thing now.");
  });
});

describe("extractArticle on hostile pages", () => {
  it("extracts the article from deeply nested and very wide pages", { timeout: 120_000 }, () => {
    const deep = extractArticle(
      `<html><body>${"<div>".repeat(50_000)}${PARA.repeat(20)}${"</div>".repeat(50_000)}</body></html>`,
      { url: "https://x.example/" },
    );
    // Beyond MAX_DEPTH the paragraphs lost their tags, not their words.
    expect(deep?.text.match(/Some words of reporting/g)).toHaveLength(20);
    const wide = extractArticle(`<html><body><article>${PARA.repeat(30_000)}</article></body></html>`, {
      url: "https://x.example/",
    });
    expect(wide?.text).toContain("Some words of reporting");
  });
});
