import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/reader/formats/parse.ts";
import { CONFORMANCE_DIR, HAS_CONFORMANCE } from "./shared-data.ts";

interface Case {
  file: string;
  baseUrl?: string;
  contentType?: string;
  expect: Array<{ path: string; equals: unknown }>;
}

// The corpus README's comparison rules: null means absent, arrays compare element-wise,
// strings compare exactly (no trimming, no case folding) and must be strings.
function matches(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i]))
    );
  }
  if (typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const obj = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => matches(v, obj[k]));
  }
  return typeof actual === typeof expected && actual === expected;
}

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? cur[Number(seg)] : (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function failures(c: Case): string[] {
  let feed: unknown;
  try {
    feed = parseFeed(readFileSync(join(CONFORMANCE_DIR, c.file)), {
      baseUrl: c.baseUrl,
      contentType: c.contentType,
    });
  } catch (err) {
    return [`${c.file}: error: ${(err as Error).message}`];
  }
  return c.expect
    .filter((e) => !matches(e.equals, at(feed, e.path)))
    .map(
      (e) =>
        `${c.file}: ${e.path}: expected ${JSON.stringify(e.equals)}, got ${JSON.stringify(at(feed, e.path))}`,
    );
}

describe.skipIf(!HAS_CONFORMANCE)(
  `feed-parsing conformance corpus (skipped when ${CONFORMANCE_DIR} is absent, e.g. outside the monorepo checkout)`,
  () => {
    it("passes every one of the 437 cases", () => {
      const cases: Case[] = JSON.parse(readFileSync(join(CONFORMANCE_DIR, "expectations.json"), "utf8"));
      expect(cases.length).toBe(437);
      const failed = cases.flatMap(failures);
      expect(failed, `${failed.length} failing expectations`).toEqual([]);
    });
  },
);
