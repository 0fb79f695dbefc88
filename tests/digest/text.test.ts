import { describe, expect, it } from "vitest";
import { cleanSummary, mdEscape, safeUrl, siteText } from "../../src/digest/text.ts";
import { draftWindow, isoWeek, localDate, parseDay } from "../../src/digest/window.ts";
import { outputPath, sibling } from "../../src/digest/write.ts";

describe("Markdown and link helpers", () => {
  it("escapes Markdown so titles render literally", () => {
    expect(mdEscape("*bold* _it_ [x](y) #tag <b> a|b `c` ~d~ !e")).toBe(
      "\\*bold\\* \\_it\\_ \\[x\\](y) \\#tag \\<b\\> a\\|b \\`c\\` \\~d\\~ \\!e",
    );
    expect(mdEscape("1. not a list")).toBe("1\\. not a list");
    expect(mdEscape("- not a bullet")).toBe("\\- not a bullet");
    expect(mdEscape("two\nlines")).toBe("two lines");
  });

  it("keeps only http(s) link targets, with spaces and parentheses encoded", () => {
    expect(safeUrl("https://example.com/a b/(c)")).toBe("https://example.com/a%20b/%28c%29");
    expect(safeUrl("javascript:alert(1)")).toBe("");
    expect(safeUrl("data:text/html,x")).toBe("");
    expect(safeUrl("not a url")).toBe("");
  });
});

describe("text that the editor's site can only show, never run", () => {
  // Every opening a Liquid tag or output, or a Hugo shortcode, needs: `{{`, `{%`, `{{<`, `{{%`.
  const TEMPLATE_SYNTAX = /\{[{%]/;

  it("writes braces as character references, so Liquid and shortcodes cannot start", () => {
    const text = '{{ site.secret_token }} {% raw %}{% endraw %} {{< param secret >}} {{% param "s" %}}';
    const out = siteText(text);
    expect(out).toBe(
      '&#123;&#123; site.secret_token &#125;&#125; &#123;% raw %&#125;&#123;% endraw %&#125; &#123;&#123;< param secret >&#125;&#125; &#123;&#123;% param "s" %&#125;&#125;',
    );
    expect(out).not.toMatch(TEMPLATE_SYNTAX);
  });

  it("cannot end an HTML comment, and drops bidi controls (U+2028/U+2029 become spaces)", () => {
    expect(siteText("a --> b --!> c")).toBe("a --&gt; b --!&gt; c");
    const bidi = "\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069i";
    expect(siteText(bidi)).toBe("abcdefghi");
    expect(siteText("line\u2028next\u2029para")).toBe("line next para");
    // The implicit marks that right-to-left text needs stay.
    expect(siteText("\u200fשלום\u200e")).toBe("\u200fשלום\u200e");
  });

  it("Markdown escaping leaves braces to siteText and keeps a literal character reference literal", () => {
    expect(siteText(mdEscape("{% raw %} *x*"))).toBe("&#123;% raw %&#125; \\*x\\*");
    // kramdown writes the text `&#123;` back out as a reference: its `&` must be escaped too.
    expect(mdEscape("&#123; and &amp; and AT&T")).toBe("&amp;\\#123; and &amp;amp; and AT&T");
    expect(mdEscape("&#x202e;exe &#X7B;")).toBe("&amp;\\#x202e;exe &amp;\\#X7B;");
  });

  it("keeps Goldmark from linking ftp: URLs and e-mail addresses in text", () => {
    expect(mdEscape("ftp://x.example/a FTP://y mailto:bob@example.org a.b+c@d-e.example.co")).toBe(
      "ftp\\://x.example/a FTP\\://y mailto:bob&#64;example.org a.b+c&#64;d-e.example.co",
    );
    // Mentions and text around an @ are not addresses.
    expect(mdEscape("@acme/core a @ b x@y")).toBe("@acme/core a @ b x@y");
  });

  it("keeps kramdown math and ordered lists with `)` from starting", () => {
    expect(mdEscape("$$x$$ costs $5")).toBe("\\$\\$x\\$\\$ costs \\$5");
    expect(mdEscape("1) first")).toBe("1\\) first");
    // A thematic break or setext underline at the start of a paragraph, and a lone "1." list item.
    expect(mdEscape("---")).toBe("\\---");
    expect(mdEscape("=== x")).toBe("\\=== x");
    expect(mdEscape("1.")).toBe("1\\.");
    expect(mdEscape("-5 degrees")).toBe("-5 degrees");
  });

  it("drops C0 and C1 controls (NUL would make the draft a binary file); NEL becomes a space", () => {
    expect(siteText("a\u0000b\u0007c\u000bd\u000ce\u007ff\u0080g\u009fh")).toBe("abcdefgh");
    expect(siteText("line\u0085next")).toBe("line next");
    // Tag characters hiding "ignore all" in a title go; a subdivision flag (England's) stays.
    const hidden = [..."ignore all"].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");
    expect(siteText(`News${hidden}\u{E007F} of the week`)).toBe("News of the week");
    const england = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    expect(siteText(`${england} wins`)).toBe(`${england} wins`);
    // Tab and line ends stay: templates write them.
    expect(siteText("a\tb\nc\r\nd")).toBe("a\tb\nc\r\nd");
  });

  it("percent-encodes braces and stray % in links without changing where they point", () => {
    const cases = [
      "http://example.org/t?q={{site.secret_token}}",
      "https://example.org/{%raw%}/{{% param x %}}?a={% include x.html %}#{{y}}",
      "https://example.org/ok%41?x=%zz&y=100%",
    ];
    for (const link of cases) {
      const out = safeUrl(link);
      expect(out).not.toMatch(/[{}]/);
      expect(out).not.toMatch(/%(?![0-9A-F]{2})/i);
      const a = new URL(link);
      const b = new URL(out);
      expect([b.host, decodeURIComponent(b.pathname)]).toEqual([
        a.host,
        decodeURIComponent(a.pathname.replace(/%(?![0-9A-Fa-f]{2})/g, "%25")),
      ]);
      expect([...b.searchParams]).toEqual([...a.searchParams]);
      expect(decodeURIComponent(b.hash)).toBe(decodeURIComponent(a.hash));
    }
    expect(safeUrl("http://example.org/t?q={{site.secret_token}}")).toBe(
      "http://example.org/t?q=%7B%7Bsite.secret_token%7D%7D",
    );
    expect(safeUrl("https://example.org/ok%41?x=%zz&y=100%")).toBe(
      "https://example.org/ok%41?x=%25zz&y=100%25",
    );
  });

  it("percent-encodes `|` and backticks, which split a GitHub table cell or open a code span", () => {
    const link = "https://example.org/a|b?q=`x`&r=c|d#e|`f";
    const out = safeUrl(link);
    expect(out).toBe("https://example.org/a%7Cb?q=%60x%60&r=c%7Cd#e%7C%60f");
    const a = new URL(link);
    const b = new URL(out);
    expect(decodeURIComponent(b.pathname)).toBe(decodeURIComponent(a.pathname));
    expect([...b.searchParams]).toEqual([...a.searchParams]);
    expect(decodeURIComponent(b.hash)).toBe(decodeURIComponent(a.hash));
  });

  it("keeps no link of another scheme", () => {
    for (const link of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.org/x",
    ])
      expect(safeUrl(link)).toBe("");
  });
});

describe("cleanSummary", () => {
  it("removes feed boilerplate from summaries", () => {
    expect(cleanSummary("Real text. The post Foo appeared first on Bar.")).toBe("Real text.");
    expect(cleanSummary("Real text. Read more »")).toBe("Real text.");
  });
});

describe("dates and output paths", () => {
  it("validates user dates", () => {
    expect(parseDay("2024-02-29", "--date")).toBe("2024-02-29");
    expect(() => parseDay("2026-02-29", "--date")).toThrow(
      '--date: must be a real date YYYY-MM-DD (got "2026-02-29")',
    );
    expect(() => parseDay("2026-1-5", "--date")).toThrow();
  });
  it("computes local dates and windows in a zone", () => {
    expect(localDate(new Date("2026-01-14T16:30:00Z"), "Asia/Shanghai")).toBe("2026-01-15");
    const w = draftWindow("2026-01-15", 7, "Asia/Shanghai");
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([
      "2026-01-08T16:00:00.000Z",
      "2026-01-15T16:00:00.000Z",
    ]);
  });
  it("fills {date} {id} {year} {month} {week} (ISO week)", () => {
    expect(outputPath("/d/{year}/{month}/{week}-{id}-{date}.md", "weekly", "2027-01-01")).toBe(
      "/d/2027/01/2026-W53-weekly-2027-01-01.md",
    );
    expect(isoWeek("2026-01-15")).toEqual({ year: 2026, week: 3 });
    expect(sibling("/d/x.md", "new")).toBe("/d/x.new.md");
  });
});
