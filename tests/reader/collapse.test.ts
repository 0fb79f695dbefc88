import { describe, expect, it } from "vitest";
import { collapse } from "../../src/reader/html/text.ts";
import { mulberry32 } from "../support/random.ts";

// The straightforward version collapse() must always agree with (it walks the text once instead).
// Bidi embeddings, overrides and isolates are dropped too; the line/paragraph separators are spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]/g;
function reference(s: string): string | null {
  const out = s
    .replace(CONTROL, "")
    .replace(/[\t\n\f\r \u2028\u2029]+/g, " ")
    .trim();
  return out === "" ? null : out;
}

const PIECES = [
  "a",
  "Kube",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\f",
  "\v",
  "\u0000",
  "\u0001",
  "\u007f",
  "\uFFFE",
  "\u00A0",
  "\u3000",
  "中文",
  "\u2028",
  "\u2029",
  "\u202A",
  "\u202E",
  "\u2066",
  "\u2069",
  "\u200F",
];

describe("collapse", () => {
  it("gives what the plain replace-and-trim gives, for text with and without anything to collapse", () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from(
        { length: Math.floor(rand() * 12) },
        () => PIECES[Math.floor(rand() * PIECES.length)],
      ).join("");
      expect(collapse(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it("leaves clean text as it is, trimming Unicode spaces at the ends as trim() does", () => {
    expect(collapse("Kubernetes v1.35 is out")).toBe("Kubernetes v1.35 is out");
    expect(collapse("\u3000云原生 动态\u00A0")).toBe("云原生 动态");
    expect(collapse(" a\t\tb \n c ")).toBe("a b c");
    expect(collapse("a\u0001b")).toBe("ab");
    expect(collapse("  ")).toBeNull();
  });

  it("drops bidi controls and reads line/paragraph separators as spaces, so a title shows what it holds", () => {
    expect(collapse("invoice\u202Efdp.exe\u202C")).toBe("invoicefdp.exe");
    expect(collapse("\u2066a\u2069 \u2067b\u2068c\u2069 \u202Ad\u202Be\u202Df")).toBe("a bc def");
    expect(collapse("one\u2028two \u2029 three")).toBe("one two three");
    // The implicit marks right-to-left text needs are not controls.
    expect(collapse("\u200Fשלום\u200E")).toBe("\u200Fשלום\u200E");
  });
});
