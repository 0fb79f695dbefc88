import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { declaredCharset, decodeBytes, httpCharset } from "../../src/reader/charset/decode.ts";

const doc = (body: string, decl = "") =>
  `<?xml version="1.0"${decl}?><rss><channel><title>${body}</title></channel></rss>`;

describe("decodeBytes", () => {
  it("follows the XML declaration for legacy charsets (GB2312, windows-1251, Shift_JIS)", () => {
    for (const [charset, text] of [
      ["gb2312", "新闻国内"],
      ["windows-1251", "Новости Оренбурга"],
      ["shift_jis", "日本語のニュース"],
      ["koi8-r", "Привет"],
    ] as const) {
      const bytes = iconv.encode(doc(text, ` encoding="${charset}"`), charset);
      expect(decodeBytes(bytes).text, charset).toContain(text);
    }
  });

  it("lets the HTTP charset override the declaration", () => {
    const bytes = iconv.encode(doc("£“test.”", ' encoding="utf-8"'), "windows-1252");
    const out = decodeBytes(bytes, 'text/xml; charset="windows-1252"');
    expect(out.text).toContain("£“test.”");
    expect(out.encoding).toBe("windows-1252");
  });

  it("trusts valid UTF-8 bytes over a one-byte declaration (no mojibake)", () => {
    const bytes = new TextEncoder().encode(doc("Jornal de Notícias", ' encoding="ISO-8859-1"'));
    expect(decodeBytes(bytes).text).toContain("Jornal de Notícias");
    expect(decodeBytes(bytes, "text/xml; charset=iso-8859-1").text).toContain("Jornal de Notícias");
  });

  it("reads ISO-8859-1 as windows-1252, as browsers do", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode(doc("X", ' encoding="iso-8859-1"'))]);
    const withQuote = iconv.encode(doc("it’s", ' encoding="iso-8859-1"'), "windows-1252");
    expect(decodeBytes(bytes).text).toContain("<title>X</title>");
    expect(decodeBytes(withQuote).text).toContain("it’s");
  });

  it("detects UTF-16 with and without a BOM and drops the BOM", () => {
    const text = doc("Grüße", ' encoding="utf-16"');
    const le = iconv.encode(text, "utf-16le");
    const be = iconv.encode(text, "utf-16be");
    expect(decodeBytes(le).text).toBe(text);
    expect(decodeBytes(be).text).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le])).text).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text).toBe(text);
  });

  it("detects UTF-16 without a BOM or declaration from the zero bytes, whatever the HTTP header says", () => {
    const text = "\n<rss><channel><title>Grüße</title></channel></rss>";
    expect(decodeBytes(iconv.encode(text, "utf-16le")).text).toBe(text);
    expect(decodeBytes(iconv.encode(text, "utf-16be"), "text/xml; charset=iso-8859-1").text).toBe(text);
    // …and ignores a UTF-16 label on a body that has no zero bytes at all.
    expect(decodeBytes(Buffer.from(text), "text/xml; charset=utf-16").text).toBe(text);
  });

  it("falls back to windows-1252 for undeclared bytes that are not UTF-8", () => {
    const bytes = iconv.encode(doc("café"), "windows-1252");
    expect(decodeBytes(bytes).text).toContain("café");
  });

  it("keeps a UTF-8 document with one stray byte as UTF-8", () => {
    const good = Buffer.from(doc("Grüße aus Köln, schöne Grüße"));
    const bytes = Buffer.concat([good, Buffer.from([0x92])]);
    expect(decodeBytes(bytes).text).toContain("Grüße aus Köln");
    // …and reads the stray byte as the windows-1252 character it is, not as U+FFFD.
    expect(decodeBytes(bytes).text.endsWith("’")).toBe(true);
  });

  it("repairs double-encoded UTF-8 only where the bytes can hold it", () => {
    const twice = Buffer.from(doc("CafÃ© â€œcrÃ¨meâ€\u009d"));
    expect(decodeBytes(twice).text).toContain("Café “crème”");
    const meant = Buffer.from(doc("CAFÉ… Fuß“"));
    expect(decodeBytes(meant).text).toContain("CAFÉ… Fuß“");
  });
});

describe("charset labels", () => {
  it("reads quoted, spaced and upper-case HTTP charsets", () => {
    expect(httpCharset("application/atom+xml; charset='GB2312'")).toBe("gb2312");
    expect(httpCharset('text/xml ;  charset = "utf-8" ; qs=0.9')).toBe("utf-8");
    expect(httpCharset("text/xml")).toBeNull();
  });

  it("reads the XML declaration and the HTML meta charset", () => {
    expect(declaredCharset(`<?xml version='1.0' encoding='EUC-KR'?><rss/>`)).toBe("euc-kr");
    expect(declaredCharset(`<html><head><meta charset="windows-1251">`)).toBe("windows-1251");
  });
});
