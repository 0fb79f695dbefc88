import { describe, expect, it } from "vitest";
import { sourceText } from "../../../src/pipeline/summarize/source-text.ts";

describe("the article text sent", () => {
  it("is the content as plain text, paragraphs kept, cut at a paragraph or sentence boundary", () => {
    const html = "<p>First paragraph here.</p><p>Second one. It has two sentences.</p><p>Third.</p>";
    expect(sourceText({ contentHtml: html, summary: "" }, 1000)).toBe(
      "First paragraph here.\n\nSecond one. It has two sentences.\n\nThird.",
    );
    expect(sourceText({ contentHtml: html, summary: "" }, 40)).toBe("First paragraph here.\n\nSecond one.");
    expect(sourceText({ contentHtml: html, summary: "" }, 25)).toBe("First paragraph here.");
    expect(sourceText({ contentHtml: "", summary: "Only a summary &amp; more." }, 100)).toBe(
      "Only a summary & more.",
    );
  });

  it("has no bidi control or line/paragraph separator, and the feed's own separators split nothing", () => {
    const html = "<p>One\u2029two \u202Eevil\u202C\u2028line.</p><p>\u2066Next\u2069 \ufdd0 para.</p>";
    expect(sourceText({ contentHtml: html, summary: "" }, 1000)).toBe("One two evil line.\n\nNext para.");
  });
});
