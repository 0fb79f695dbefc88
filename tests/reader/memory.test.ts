import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_CATEGORIES, MAX_ENTRIES, MAX_FIELD_CHARS } from "../../src/reader/limits.ts";

const CHILD = join(import.meta.dirname, "../support/parse-hostile.ts");
/**
 * The old-space limit of the child: about 1.5 times what a benign 10 MB feed needs (~42 MB), and
 * below what these shapes took before their work was bounded (issue #15: 100 MB to over 128 MB).
 */
const HEAP_MB = 64;

/** What may follow the sanitizer's cut: the end tags of the elements still open (at most 256). */
const CLOSING_TAGS = 256 * "</blockquote>".length;

interface Ends {
  length: number;
  head: string;
  tail: string;
}
interface Outcome {
  entries: number;
  title: string;
  summary: Ends;
  content: Ends;
  categories: number;
}

function parseInChild(shape: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CHILD, shape], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout) as Outcome);
      else {
        const oom = /heap out of memory/.test(stderr) ? "out of memory" : stderr.trim().split("\n").at(-1);
        reject(new Error(`${shape}: exit ${code ?? signal} (${oom}) within ${HEAP_MB} MB of heap`));
      }
    });
  });
}

// Each case parses a 10 MB document in a child process with a small heap: a blow-up kills it.
// Nothing here measures time.
describe("memory on hostile documents (issue #15)", { timeout: 120_000 }, () => {
  it("a million escaped tags in an XHTML summary: shown literally, cut at the field limit", async () => {
    const out = await parseInChild("xhtml-escaped-tags");
    expect(out.entries).toBe(1);
    expect(out.summary.head).toBe("<b><b><b><b>");
    expect(out.summary.tail).toMatch(/^[<b>]+…$/);
    expect(out.content.head).toBe("&lt;b&gt;&lt");
    expect(out.content.length).toBeLessThanOrEqual(MAX_FIELD_CHARS + CLOSING_TAGS);
  });

  it("a million sibling tags in XHTML or in CDATA content: the text kept, the tags bounded", async () => {
    for (const shape of ["xhtml-sibling-tags", "cdata-sibling-tags"]) {
      const out = await parseInChild(shape);
      expect(out.summary.head).toBe("xxxxxxxxxxxx");
      expect(out.content.head).toBe("<b>x</b><b>x");
      expect(out.content.length).toBeLessThanOrEqual(MAX_FIELD_CHARS + CLOSING_TAGS);
    }
  });

  it("a million escaped entities: an HTML description of '&amp;'s, read as '&'s", async () => {
    const out = await parseInChild("escaped-entities");
    expect(out.summary.head).toBe("&&&&&&&&&&&&");
    expect(out.summary.tail.endsWith("&…")).toBe(true);
    expect(out.content.head).toBe("&amp;&amp;&a");
  });

  it("a million runs of text (CDATA sections between characters): the first runs read", async () => {
    const out = await parseInChild("cdata-text-runs");
    expect(out.summary.head).toBe("xyxyxyxyxyxy");
    expect(out.content.head).toBe("xyxyxyxyxyxy");
  });

  it("350,000 tiny entries: the first MAX_ENTRIES", async () => {
    const out = await parseInChild("tiny-entries");
    expect(out.entries).toBe(MAX_ENTRIES);
    expect(out.title).toBe("t");
  });

  it("450,000 categories in one entry: at most MAX_CATEGORIES kept", async () => {
    const out = await parseInChild("many-categories");
    expect(out.title).toBe("t");
    expect(out.categories).toBeGreaterThan(0);
    expect(out.categories).toBeLessThanOrEqual(MAX_CATEGORIES);
  });
});
