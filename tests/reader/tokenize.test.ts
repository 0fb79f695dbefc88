import { Tokenizer } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { SkippingTokenizer, tokenize } from "../../src/reader/formats/tokenize.ts";
import { mulberry32 } from "../support/random.ts";

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
    // "<script/>" opens a script as "<script>" does: its text follows, up to "</script>".
    expect(events("<script/>a &amp; <b>b</b></script>&lt;", "html")).toBe(
      "<script>[a &amp; <b>b</b>]</script>[<]",
    );
    expect(events("<title/>Q&amp;A</title><br/>", "html")).toBe("<title>[Q&A]</title><br/>");
  });

  it("decodes entities in title and textarea text, which are not raw", () => {
    expect(events("<title>Q&amp;A </&amp; done</title>", "html")).toBe("<title>[Q&A </& done]</title>");
  });
});

describe("tokenize, attributes", () => {
  it("reads any name as an attribute, inheriting nothing, in the order written", () => {
    const seen: Record<string, string>[] = [];
    const handler = { open: (_: string, a: Record<string, string>) => seen.push(a), close() {}, text() {} };
    tokenize('<a __proto__="p" constructor="c" toString="t" href="h" 1="one"></a><b></b>', "html", handler);
    tokenize('<x:a xmlns:x="urn:x" hasOwnProperty="o"/>', "xml", handler);
    const [a, b, x] = seen;
    expect(Object.keys(a!)).toEqual(["1", "__proto__", "constructor", "tostring", "href"]);
    expect(Object.getOwnPropertyDescriptor(a!, "__proto__")?.value).toBe("p");
    expect(a!.constructor).toBe("c");
    expect({ ...a }).toEqual({ 1: "one", ["__proto__"]: "p", constructor: "c", tostring: "t", href: "h" });
    expect(Object.keys(b!)).toEqual([]);
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])
      expect(b![name], name).toBeUndefined();
    expect(x!.hasownproperty).toBe("o");
  });
});

describe("tokenize, xml mode", () => {
  it("leaves entities as written for the reader to decode, and marks CDATA", () => {
    expect(events('<t a="&amp;">x &amp; y<![CDATA[<p>&amp;</p>]]></t>', "xml")).toBe(
      '<t a="&amp;">[x &amp; y][cdata:<p>&amp;</p>]</t>',
    );
  });
});

describe("SkippingTokenizer", () => {
  const CALLBACKS = [
    "onattribdata",
    "onattribentity",
    "onattribend",
    "onattribname",
    "oncdata",
    "onclosetag",
    "oncomment",
    "ondeclaration",
    "onend",
    "onopentagend",
    "onopentagname",
    "onprocessinginstruction",
    "onselfclosingtag",
    "ontext",
    "ontextentity",
  ];
  /** Every callback with its arguments (positions included), in order. */
  function calls(make: (cbs: never) => { write(s: string): void; end(): void }, source: string): string[] {
    const out: string[] = [];
    const cbs = Object.fromEntries(
      CALLBACKS.map((n) => [n, (...a: unknown[]) => out.push(`${n}${JSON.stringify(a)}`)]),
    );
    const t = make({ ...cbs, isInForeignContext: () => false } as never);
    t.write(source);
    t.end();
    return out;
  }
  const PIECES = [
    "<p>",
    "</p>",
    '<a href="x">',
    "<a href='y'>",
    "</a>",
    "<!-- c -->",
    "<!--",
    "-->",
    "--!>",
    "<![CDATA[",
    "]]>",
    "]]",
    "]",
    "<?pi x?>",
    "<!DOCTYPE x>",
    "text",
    " ",
    "<",
    ">",
    "?",
    "-",
    "<script>",
    "</script>",
    "<style>x</style>",
    "<title>t</title>",
    "<br/>",
    "<b attr=v>",
    "&amp;",
    "\n",
    "<x:y z='1'/>",
    "</",
    "<!",
    "'",
    '"',
    "中文",
  ];

  it("calls back exactly as htmlparser2's own Tokenizer does, in xml and html mode", () => {
    const rand = mulberry32(5);
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from(
        { length: 1 + Math.floor(rand() * 14) },
        () => PIECES[Math.floor(rand() * PIECES.length)],
      ).join("");
      for (const xmlMode of [true, false]) {
        const options = { xmlMode, decodeEntities: false };
        const stock = calls((cbs) => new Tokenizer(options, cbs), s);
        const skipping = calls((cbs) => new SkippingTokenizer(options, cbs) as unknown as Tokenizer, s);
        expect(skipping, `${xmlMode ? "xml" : "html"}: ${JSON.stringify(s)}`).toEqual(stock);
      }
    }
  });

  it("replaces a method htmlparser2 still has (else the speed-up is silently gone)", () => {
    expect(typeof (Tokenizer.prototype as unknown as Record<string, unknown>).fastForwardTo).toBe("function");
    expect(Object.hasOwn(SkippingTokenizer.prototype, "fastForwardTo")).toBe(true);
  });
});
