import { describe, expect, it } from "vitest";
import { resolveUrl } from "../../src/reader/urls.ts";

// resolveUrl remembers the last base's answers: these check the memory never answers for another base.
describe("resolveUrl", () => {
  it("answers each base on its own when calls alternate between bases", () => {
    for (let i = 0; i < 3; i++) {
      expect(resolveUrl("/a", "http://one.example/x/")).toBe("http://one.example/a");
      expect(resolveUrl("/a", "http://two.example/x/")).toBe("http://two.example/a");
      expect(resolveUrl("b", "http://two.example/x/")).toBe("http://two.example/x/b");
      expect(resolveUrl("b", null)).toBe("b");
      expect(resolveUrl("HTTP://Three.Example/c d", null)).toBe("http://three.example/c%20d");
    }
  });

  it("keeps answering right past the number of links it remembers", () => {
    const base = "http://one.example/feed/";
    for (let i = 0; i < 10_000; i++)
      expect(resolveUrl(` p${i} `, base)).toBe(`http://one.example/feed/p${i}`);
    expect(resolveUrl(" p1 ", base)).toBe("http://one.example/feed/p1");
  });
});
