import { describe, expect, it } from "vitest";
import { truncateAtSentence } from "../src/sentences.ts";

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
});
