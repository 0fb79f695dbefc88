import { describe, expect, it } from "vitest";
import { addFeeds } from "../../src/config/edit.ts";
import { parseConfig } from "../../src/config.ts";

const add = (text: string, feeds: Parameters<typeof addFeeds>[2]) =>
  addFeeds(parseConfig(text, "feeds.yaml"), text, feeds);

describe("addFeeds", () => {
  it("appends after the last item, matching its indentation, leaving every other byte alone", () => {
    const text = "feeds:\n    -   url: https://a.example/rss  # note\n        tags: [x]\n# end\n";
    const r = add(text, [{ url: "https://b.example/feed", title: "B: the blog", tags: ["y"] }]);
    expect(r.text).toBe(
      'feeds:\n    -   url: https://a.example/rss  # note\n        tags: [x]\n    -   id: b-example\n        title: "B: the blog"\n        url: https://b.example/feed\n        tags: [y]\n# end\n',
    );
    expect(parseConfig(r.text, "feeds.yaml").feeds.map((f) => f.id)).toEqual(["a-example", "b-example"]);
  });

  it("copes with flow items and a file without a final newline", () => {
    const r = add("feeds:\n  - { url: 'https://a.example/rss' }", [{ url: "https://b.example/rss" }]);
    expect(r.text).toBe(
      "feeds:\n  - { url: 'https://a.example/rss' }\n  - id: b-example\n    url: https://b.example/rss\n",
    );
  });

  it("skips the same URL (ignoring a trailing slash and fragment) and taken ids", () => {
    const text = "feeds:\n  - id: a\n    url: https://a.example/rss/\n";
    const r = add(text, [
      { url: "https://a.example/rss#top" },
      { url: "https://c.example/rss", id: "a" },
      { url: "https://d.example/rss" },
      { url: "https://d.example/rss" },
    ]);
    expect(r.added).toEqual([{ id: "d-example", url: "https://d.example/rss" }]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'already in feeds.yaml as "a"',
      'id "a" is already used in feeds.yaml',
      'already in feeds.yaml as "d-example"',
    ]);
  });

  it("refuses to produce an invalid config", () => {
    expect(() =>
      add("feeds:\n  - url: https://a.example/rss\n", [{ url: "https://b.example/rss", id: "bad id!" }]),
    ).toThrow(/feeds\[1\]\.id: must be letters, digits/);
  });
});
