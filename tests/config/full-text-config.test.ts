import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { isAppError } from "../../src/errors.ts";
import { runCli, tempConfig } from "../support/cli.ts";

const problems = (text: string): string[] => {
  try {
    parseConfig(text, "feeds.yaml");
  } catch (err) {
    if (isAppError(err, "CONFIG")) return err.details.length ? err.details : [err.message];
    throw err;
  }
  return [];
};

describe("full-text config", () => {
  it("defaults to auto with 500 characters and robots.txt honoured; feeds override", () => {
    const c = parseConfig(
      `feeds:\n  - url: https://a.example/feed.xml\n  - url: https://b.example/feed.xml\n    fullText: always\n    fullTextSelector: "article .body"\n    fullTextRemove: [".ad", "aside"]\n`,
      "feeds.yaml",
    );
    expect(c.fetch).toMatchObject({
      fullText: "auto",
      fullTextMinChars: 500,
      fullTextRemove: [],
      robots: true,
    });
    expect(c.fetch.fullTextSelector).toBeUndefined();
    expect(c.feeds[0]!.fullText).toBeUndefined();
    expect(c.feeds[1]).toMatchObject({
      fullText: "always",
      fullTextSelector: "article .body",
      fullTextRemove: [".ad", "aside"],
    });
  });

  it("names the key of a selector that does not parse, and of a bad mode", () => {
    expect(
      problems(
        `fetch: { fullText: sometimes, fullTextRemove: ["div[", ".ok"] }\nfeeds:\n  - url: https://a.example/feed.xml\n    fullTextSelector: "a >> b"\n`,
      ),
    ).toEqual([
      'feeds.yaml: fetch.fullText: must be one of "auto", "always", "never" (got "sometimes")',
      expect.stringMatching(
        /^feeds\.yaml: fetch\.fullTextRemove\[0\]: must be a CSS selector: .+ \(got "div\["\)$/,
      ),
      expect.stringMatching(
        /^feeds\.yaml: feeds\[0\]\.fullTextSelector: must be a CSS selector: .+ \(got "a >> b"\)$/,
      ),
    ]);
  });

  it("a bad selector is one line and exit 2 from the CLI, before anything changes", async () => {
    const { config } = tempConfig(`feeds:\n  - url: https://a.example/feed.xml\n    fullTextSelector: "#"\n`);
    const r = await runCli(["validate", "--config", config]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")[0]).toMatch(
      /feeds\[0\]\.fullTextSelector: must be a CSS selector: .+ \(got "#"\)/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
