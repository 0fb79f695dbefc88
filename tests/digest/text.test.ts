import { describe, expect, it } from "vitest";
import { cleanSummary, mdEscape, safeUrl, truncateAtSentence } from "../../src/digest/text.ts";
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

describe("truncateAtSentence", () => {
  it("cuts at the last sentence end that fits, in English and Chinese", () => {
    expect(truncateAtSentence("One. Two is longer. Three is even longer than that.", 25)).toBe(
      "One. Two is longer.",
    );
    expect(truncateAtSentence("第一句话。第二句话很长！第三句话更长更长更长？", 12)).toBe(
      "第一句话。第二句话很长！",
    );
  });
  it("falls back to a word boundary with an ellipsis when no sentence fits", () => {
    expect(truncateAtSentence("A very long sentence without any end in sight at all", 20)).toBe(
      "A very long…",
    );
  });
  it("leaves text that fits alone", () => {
    expect(truncateAtSentence("Short.", 100)).toBe("Short.");
  });
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
