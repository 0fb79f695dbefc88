import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";

// Hand-written documents in the shapes feeds-real/SOURCES.md documents for the target sources
// that have no complete real snapshot (Computer Weekly, Kubernetes, Springer).
const read = (name: string, baseUrl?: string) =>
  parseFeed(readFileSync(join(import.meta.dirname, "../fixtures/parse", name)), { baseUrl });

describe("target source shapes", () => {
  it("Computer Weekly: alphabetical channel, items before the title, full text in <body>", () => {
    const feed = read("computerweekly-shape.xml", "https://www.computerweekly.com/rss/RSS-Feed.xml");
    expect(feed.title).toBe("ComputerWeekly.com");
    expect(feed.updated).toBe("2026-05-19T12:51:35Z");
    expect(feed.entries[0]).toMatchObject({
      title: "Gulf states race to build AI capacity",
      author: "Jane Reporter",
      summary: "The Gulf bets on sovereign AI",
      contentHtml:
        '<p>The Gulf has spent the past several years building <a href="https://www.computerweekly.com/news/366637421/Sovereign-AI">sovereign AI</a> capacity.</p>',
    });
  });

  it("Kubernetes: a CDATA featured image and escaped HTML in one description, numeric offsets", () => {
    const feed = read("kubernetes-shape.xml", "https://kubernetes.io/feed.xml");
    const [entry] = feed.entries;
    expect(feed.updated).toBe("2026-01-15T10:30:00Z");
    expect(entry!.published).toBe("2026-01-15T18:30:00Z");
    expect(entry!.contentHtml).toBe(
      '<img src="https://kubernetes.io/images/blog/2026-01-15/featured.png" width="800" height="400">\n' +
        '        <p>Editors: <a href="https://github.com/someone">Someone</a></p>\n' +
        "<p>Similar to previous releases, the release of Kubernetes v1.35 introduces new stable features.</p>",
    );
    expect(entry!.summary).toBe(
      "Editors: Someone Similar to previous releases, the release of Kubernetes v1.35 introduces new stable features.",
    );
  });

  it("Springer: date-only pubDate read as UTC midnight, a bare DOI guid is an id but never a link", () => {
    const feed = read("springer-shape.xml", "https://link.springer.com/search.rss?facet-journal-id=11127");
    expect(feed.entries.map((e) => [e.id, e.link, e.published])).toEqual([
      [
        "10.1007/s11127-026-01444-z",
        "https://link.springer.com/article/10.1007/s11127-026-01444-z",
        "2026-08-04T00:00:00Z",
      ],
      ["10.1007/s11127-026-01445-x", null, "2026-08-05T00:00:00Z"],
    ]);
    expect(feed.entries[0]!.title).toBe("Public choice and AI: a formal model");
    expect(feed.entries[0]!.summary).toBe("Abstract We study voting.");
  });
});
