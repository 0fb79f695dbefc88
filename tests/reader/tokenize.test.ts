import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/reader/tokenize.ts";

/** The events of `source` as one string: text runs merged, so only what they say counts. */
function events(source: string, mode: "xml" | "html"): string {
  let out = "";
  tokenize(source, mode, {
    open: (name, attrs, selfClosing) => {
      out += `<${name}${Object.entries(attrs)
        .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
        .join("")}${selfClosing ? "/" : ""}>`;
    },
    close: (name) => {
      out += `</${name}>`;
    },
    text: (data, cdata) => {
      out += cdata ? `[cdata:${data}]` : `[${data}]`;
    },
  });
  return out.replace(/\]\[(?!cdata:)/g, "");
}

describe("tokenize, html mode", () => {
  it("decodes entities in text and attribute values, with the browser's legacy rules", () => {
    expect(
      events("<a href=\"/x?a=1&amp;b=2&copy=3\" title='&lt;b&gt;'>R&amp;D &notit; &#x41;&#66</a>", "html"),
    ).toBe('<a href="/x?a=1&b=2&copy=3" title="<b>">[R&D ¬it; AB]</a>');
  });

  it("keeps script, style and other raw-text content as written, even after <script/>", () => {
    expect(events("<script>if (a &amp;&amp; b < c) x()</script>&amp;", "html")).toBe(
      "<script>[if (a &amp;&amp; b < c) x()]</script>[&]",
    );
    expect(events("<style>p::after{content:'&lt;'}</style>", "html")).toBe(
      "<style>[p::after{content:'&lt;'}]</style>",
    );
    expect(events("<script/>a &amp; <b>b</b></script>&lt;", "html")).toBe(
      "<script/>[a &amp; <b>b</b>]</script>[<]",
    );
  });

  it("decodes entities in title and textarea text, which are not raw", () => {
    expect(events("<title>Q&amp;A </&amp; done</title>", "html")).toBe("<title>[Q&A </& done]</title>");
  });
});

describe("tokenize, xml mode", () => {
  it("leaves entities as written for the reader to decode, and marks CDATA", () => {
    expect(events('<t a="&amp;">x &amp; y<![CDATA[<p>&amp;</p>]]></t>', "xml")).toBe(
      '<t a="&amp;">[x &amp; y][cdata:<p>&amp;</p>]</t>',
    );
  });
});
