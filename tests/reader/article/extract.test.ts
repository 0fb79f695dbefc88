import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.ts";
import { extractArticle } from "../../../src/reader/article/extract.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures/articles");
const page = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const URL_ = "https://news.example/2026/01/exec-plugins";

describe("extractArticle, automatic", () => {
  const a = extractArticle(page("story.html"), { url: URL_ })!;

  it("picks the article with its title and byline, and says which rule chose it", () => {
    expect(a.rule).toBe("readability");
    expect(a.title).toMatch(/^Exec plugins explained/);
    expect(a.byline).toBe("Dana Fischer");
    expect(a.length).toBe(a.text.length);
  });

  it("keeps headings, lists and code, and leaves out navigation, share bars, captions and related links", () => {
    expect(a.text).toContain("Writing one");
    expect(a.text).toContain("Set an expiration timestamp so the client knows");
    expect(a.text).toContain("command: example-credential-helper");
    for (const gone of [
      "Security",
      "Tweet",
      "Credit: Example News",
      "Another story about kubectl",
      "Copyright",
      "sign up for our newsletters",
      "Have a tip?",
      "Sign In",
      "https://news.example/2026/01/exec-plugins",
    ]) {
      expect(a.text).not.toContain(gone);
    }
  });

  it("separates paragraphs with a blank line and keeps the lines of preformatted code", () => {
    expect(a.text).toContain(
      "in the kubeconfig file.\n\nThe plugin is any executable: the client runs it, reads an ExecCredential",
    );
    expect(a.text).toContain(
      "users:\n- name: dev\n  user:\n    exec:\n      command: example-credential-helper",
    );
    expect(a.text).not.toMatch(/\n{3,}/);
    expect(a.text.startsWith("Exec plugins explained\n\nExec plugins let kubectl")).toBe(true);
  });

  it("makes links absolute against the page URL", () => {
    expect(a.html).toContain('href="https://news.example/docs/exec-plugins"');
    expect(a.html).toContain('href="https://other.example/guide"');
  });

  it("resolves lazy images: data-src, data-lazy-src, data-srcset, a srcset alone, a <noscript> fallback", () => {
    expect(a.html).toContain('src="https://news.example/img/flow.png"');
    expect(a.html).toContain('src="https://news.example/2026/01/img/cluster.jpg"');
    expect(a.html).toContain('srcset="https://news.example/img/wide.webp 2x"');
    expect(a.html).toContain('src="https://news.example/img/srcset-only.jpg"');
    expect(a.html).toContain('src="https://news.example/img/diagram.png"');
    expect(a.html).not.toContain("data:image");
    expect(a.html).not.toContain("blank.gif");
    expect(a.html).not.toContain("placeholder.gif");
    expect(a.html.match(/diagram\.png/g)).toHaveLength(1);
  });

  it("is sanitized: no script, no event handlers, no javascript: links", () => {
    expect(a.html).not.toMatch(/<script|onclick|onmouseover|javascript:|alert\(/i);
    expect(a.html).toContain("<span>Hover text</span>");
    expect(a.text).toContain("A hostile link should not survive");
  });

  it("resolves relative links against the page's <base href>", () => {
    const html = `<html><head><base href="/archive/"></head><body><article>${"<p>Words about the topic, with enough substance to count as an article paragraph here.</p>".repeat(8)}<p>The second part, <a href="part-2.html">published a week later</a>, covers the remaining settings and the migration.</p></article></body></html>`;
    const b = extractArticle(html, { url: "https://blog.example/posts/1" })!;
    expect(b.html).toContain('href="https://blog.example/archive/part-2.html"');
  });

  it("returns null for a page with nothing article-like", () => {
    expect(extractArticle("<html><body></body></html>", { url: URL_ })).toBeNull();
    expect(extractArticle("", { url: URL_ })).toBeNull();
  });
});

describe("extractArticle, the editor's rules", () => {
  it("uses the selector's part of the page instead of automatic extraction", () => {
    const auto = extractArticle(page("selector.html"), { url: URL_ })!;
    expect(auto.text).toContain("Discussion paragraph one"); // what automatic extraction picks here
    const a = extractArticle(page("selector.html"), { url: URL_, selector: ".release-note" })!;
    expect(a.rule).toBe("selector: .release-note");
    expect(a.title).toBe("Release notes");
    expect(a.text).toBe(
      "Version 2.4\n\nVersion 2.4 adds leader election and drops support for the old CRD version.\n\nSponsored: buy our hosting",
    );
  });

  it("drops the remove rules' parts first, with a selector or without", () => {
    const a = extractArticle(page("selector.html"), {
      url: URL_,
      selector: ".release-note",
      remove: [".ad", "h2"],
    })!;
    expect(a.text).toBe("Version 2.4 adds leader election and drops support for the old CRD version.");
    const b = extractArticle(page("selector.html"), { url: URL_, remove: [".discussion"] })!;
    expect(b.rule).toBe("readability");
    expect(b.text).not.toContain("Discussion paragraph");
    expect(b.text).toContain("This page collects every release note");
  });

  it("keeps every part a selector list matches, once each", () => {
    const a = extractArticle(page("selector.html"), {
      url: URL_,
      selector: "#intro, #intro p, .release-note p:not(.ad)",
    })!;
    expect(a.text.match(/This page collects/g)).toHaveLength(1);
    expect(a.text).toContain("Version 2.4 adds leader election");
  });

  it("falls back to automatic extraction, and says so, when the selector matches nothing", () => {
    const a = extractArticle(page("story.html"), { url: URL_, selector: ".no-such-part" })!;
    expect(a.rule).toBe("readability (selector matched nothing: .no-such-part)");
    expect(a.text).toContain("Exec plugins let kubectl obtain credentials");
  });

  it("rejects a selector that does not parse with one INPUT line naming it", () => {
    for (const opts of [{ selector: "div[[" }, { remove: ["p", "a:unknown-thing"] }, { selector: "  " }]) {
      let err: unknown;
      try {
        extractArticle(page("story.html"), { url: URL_, ...opts });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("INPUT");
      expect((err as AppError).message).toMatch(/^CSS selector ".*" does not parse: .+$/);
      expect((err as AppError).message).not.toContain("\n");
    }
  });
});
