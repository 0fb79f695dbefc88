import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/reader/article/extract.ts";
import { createExtractor } from "../../../src/reader/article/extractor.ts";

const story = readFileSync(join(import.meta.dirname, "../../fixtures/articles/story.html"), "utf8");
const url = "https://news.example/2026/01/exec-plugins";

/** A page whose DOM needs far more memory than a small cap allows: many long paragraphs. */
const huge = `<html><body><article>${Array.from(
  { length: 15_000 },
  (_, i) => `<p>Paragraph ${i}: ${"word ".repeat(120)}</p>`,
).join("")}</article></body></html>`;

describe("the extraction thread", () => {
  it("gives what extractArticle gives, page after page", async () => {
    const ex = createExtractor();
    try {
      const direct = extractArticle(story, { url });
      expect(await ex.extract(story, { url })).toEqual(direct);
      expect(await ex.extract(story, { url, selector: "article" })).toEqual(
        extractArticle(story, { url, selector: "article" }),
      );
    } finally {
      await ex.close();
    }
  });

  it("refuses a page past its memory cap in one line, and the next page still works", async () => {
    const ex = createExtractor({ heapMb: 16 });
    try {
      await expect(ex.extract(huge, { url })).rejects.toThrow(/^the page needs more than 16 MB to extract$/);
      expect((await ex.extract(story, { url }))?.rule).toBe("readability");
    } finally {
      await ex.close();
    }
  }, 60_000);

  it("stops a page past its time limit, and the next page still works", async () => {
    const slow = createExtractor({ timeoutMs: 1 });
    await expect(slow.extract(story, { url })).rejects.toThrow(/^extraction took longer than 0.001 s$/);
    await slow.close();
    const ex = createExtractor();
    try {
      expect((await ex.extract(story, { url }))?.title).toMatch(/^Exec plugins explained/);
    } finally {
      await ex.close();
    }
  });
});
