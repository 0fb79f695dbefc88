/**
 * DESIGN.md's import rules, checked on the source: reader/, digest/, llm/ and store/ never import each
 * other (nor the joiners above them), never read process.env and never log directly; types.ts and
 * errors.ts import nothing of ours; no module loads itself back through a cycle.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");
const LEAVES = ["reader", "digest", "llm", "store"];
/** Top-level files that join the parts or talk to the outside: a leaf folder never imports them. */
const JOINERS = new Set(["pipeline.ts", "daemon.ts", "main.ts", "cli.ts", "log.ts", "config.ts"]);

const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.split("\\").join("/"));
const source = new Map(files.map((f) => [f, readFileSync(join(SRC, f), "utf8")]));

/** A file's code without its comments (a comment may name process.env to say why it is not read). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

/**
 * The src-relative paths a file imports: static imports, re-exports and dynamic imports with a literal
 * path; with `runtime`, only those that load the module (not `import type`, which the compiler erases).
 */
function importsOf(file: string, runtime: boolean): string[] {
  const text = code(source.get(file)!);
  const out: string[] = [];
  const re =
    /(?:^|;|\n)\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']|^\s*import\s+["'](\.{1,2}\/[^"']+)["']/gm;
  for (const m of text.matchAll(re)) {
    if (runtime && m[2]) continue;
    const spec = m[3] ?? m[4] ?? m[5]!;
    out.push(
      relative(SRC, resolve(SRC, dirname(file), spec))
        .split("\\")
        .join("/"),
    );
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f, false)]));
const loads = new Map(files.map((f) => [f, importsOf(f, true)]));
const top = (f: string) => (f.includes("/") ? f.slice(0, f.indexOf("/")) : null);

describe("the import rules of DESIGN.md", () => {
  it("reads every source file's imports (the check itself works)", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get("pipeline.ts")!.some((t) => t.startsWith("store/"))).toBe(true);
  });

  it("keeps reader/, digest/, llm/ and store/ apart, below the joiners", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const own = top(file);
      if (own === null || !LEAVES.includes(own)) continue;
      for (const t of targets) {
        const theirs = top(t);
        if (theirs === own) continue;
        if (theirs !== null || JOINERS.has(t)) wrong.push(`${file} imports ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("never reads the environment or logs in reader/, digest/, llm/ or store/", () => {
    const wrong = files.filter(
      (f) =>
        LEAVES.includes(top(f) ?? "") &&
        /process\.env|\bconsole\.\w+\(|from\s*["']pino["']/.test(code(source.get(f)!)),
    );
    expect(wrong).toEqual([]);
  });

  it("has types.ts and errors.ts import nothing of ours", () => {
    expect(graph.get("types.ts")).toEqual([]);
    expect(graph.get("errors.ts")).toEqual([]);
  });

  it("has no import cycle (type-only imports aside: the compiler erases them)", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      path.push(f);
      for (const t of loads.get(f) ?? []) {
        if (state.get(t) === "open") cycles.push([...path.slice(path.indexOf(t)), t].join(" → "));
        else if (!state.has(t)) visit(t);
      }
      path.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
