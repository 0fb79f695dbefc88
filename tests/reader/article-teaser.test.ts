import { describe, expect, it } from "vitest";
import { entryText, teaserReason } from "../../src/reader/article/teaser.ts";

const long = (end: string) =>
  `${"A full paragraph of the article with its facts and figures. ".repeat(12)}${end}`;

describe("teaser test (fullText: auto)", () => {
  it("reads short text as a teaser, whatever its ending", () => {
    expect(teaserReason("Kubernetes 1.35 is out.", 500)).toBe("23 characters, under 500");
    expect(teaserReason("Kubernetes 1.35 is out.", 10)).toBeNull();
    // Characters, not UTF-16 units or bytes.
    expect(teaserReason("阿里云发布新一代容器服务。", 14)).toBe("13 characters, under 14");
  });

  it("reads long text ending like an excerpt as a teaser", () => {
    for (const end of [
      "and then…",
      "and then...",
      "The story continues [...]",
      "The story continues […]",
      "[more]",
      "Read more",
      "Read more »",
      "Continue reading →",
      "Continue reading: Some Title",
      "Read the full story",
      "more »",
      "容器服务的更多细节，阅读全文",
      "查看全文>>",
      "全文",
      "更多",
    ]) {
      expect(teaserReason(long(end), 500), end).toBe("ends like a teaser");
    }
  });

  it("reads long text ending like an article as the article", () => {
    for (const end of [
      "That is all.",
      "It ships in March!",
      "He wants more.",
      "完整内容到此为止。",
      "See the docs at example.com.",
    ]) {
      expect(teaserReason(long(end), 500), end).toBeNull();
    }
  });

  it("takes the entry's content as plain text when there is one, else its summary", () => {
    expect(entryText({ contentHtml: "<p>One</p><p>Two &amp; three</p>", summary: "ignored" })).toBe(
      "One Two & three",
    );
    expect(entryText({ contentHtml: "  ", summary: " The summary. " })).toBe("The summary.");
  });
});
