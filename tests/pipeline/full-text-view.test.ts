import { describe, expect, it } from "vitest";
import type { SelectedItem } from "../../src/digest/select.ts";
import type { DigestView, ItemView } from "../../src/digest/view.ts";
import type { FullTextReport } from "../../src/pipeline/full-text.ts";
import { applyFullText } from "../../src/pipeline/full-text-view.ts";
import type { Entry } from "../../src/types.ts";

const entry = (id: string): Entry =>
  ({
    id,
    feedId: "f",
    title: "Title",
    summary: "Teaser.",
    contentHtml: "",
    contentHash: "h-teaser",
  }) as Entry;
const itemView = (id: string): ItemView =>
  ({ id, title: "Title", sourceTitle: "Title", summary: "Teaser.", notes: [] }) as unknown as ItemView;

function fixture() {
  const selection = { items: [{ entry: entry("a") }, { entry: entry("b") }] as SelectedItem[] };
  const items = [itemView("a"), itemView("b")];
  const view = { items, sections: [{ heading: null, items }] } as unknown as DigestView;
  const article = {
    title: "Title",
    byline: null,
    html: "",
    text: "Title\n\nThe article's first sentence. Its second sentence is longer than the room left.\n\nMore <b>text</b>.",
    length: 90,
    rule: "readability",
  };
  const report: FullTextReport = {
    items: new Map([
      ["a", { entryId: "a", source: "full text, extracted", detail: "", article, teaser: true }],
      [
        "b",
        { entryId: "b", source: "full text failed: 403", detail: "HTTP 403", article: null, teaser: true },
      ],
    ]),
    problems: new Map(),
    requests: 1,
  };
  return { selection, view, report };
}

describe("full text in the view", () => {
  it("gives the model the article as paragraphs under a new content hash, and a teaser a lead summary", () => {
    const { selection, view, report } = fixture();
    const out = applyFullText(view, selection, report, 40);
    const a = selection.items[0]!.entry;
    expect(a.contentHtml).toBe(
      "<p>Title</p>\n<p>The article's first sentence. Its second sentence is longer than the room left.</p>\n<p>More &lt;b&gt;text&lt;/b&gt;.</p>",
    );
    // A cached answer to the teaser must not be reused for the article.
    expect(a.contentHash).not.toBe("h-teaser");
    expect(a.contentHash).toMatch(/^[0-9a-f]{32}$/);
    // The headline repeated at the top is not the lead.
    expect(out.items[0]!.summary).toBe("The article's first sentence.");
    expect(out.items[0]!.notes).toEqual(["text: full text, extracted"]);
    expect(out.sections[0]!.items[0]).toBe(out.items[0]);
    // A failure keeps the teaser and the entry, and says why.
    expect(selection.items[1]!.entry.contentHash).toBe("h-teaser");
    expect(out.items[1]!.summary).toBe("Teaser.");
    expect(out.items[1]!.notes).toEqual(["text: full text failed: 403"]);
  });
});
