import { describe, expect, it } from "vitest";
import { evaluate, loadPairs } from "../support/cluster-eval.ts";

const pairs = loadPairs();

/** Misclassified pairs, one line each, so a failure says which stories went wrong. */
const explain = (wrong: ReturnType<typeof evaluate>["wrong"]) =>
  wrong.map((p) => `${p.same ? "missed" : "merged"}: ${p.a.title} || ${p.b.title} (${p.note})`).join("\n");

describe("story clustering on the labelled pairs", () => {
  it("has a set large and mixed enough to mean something", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs.filter((p) => p.lang === "zh").length / pairs.length).toBeGreaterThanOrEqual(0.3);
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(100);
    expect(pairs.filter((p) => p.note.startsWith("hard negative")).length).toBeGreaterThanOrEqual(100);
  });

  it("keeps precision at 0.95 or more and recall at 0.85 or more", () => {
    const result = evaluate(pairs);
    const summary = `precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}\n${explain(result.wrong)}`;
    expect(result.precision, summary).toBeGreaterThanOrEqual(0.95);
    expect(result.recall, summary).toBeGreaterThanOrEqual(0.85);
  });

  it("holds in Chinese on its own", () => {
    const result = evaluate(pairs.filter((p) => p.lang === "zh"));
    const summary = `precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}\n${explain(result.wrong)}`;
    expect(result.precision, summary).toBeGreaterThanOrEqual(0.95);
    expect(result.recall, summary).toBeGreaterThanOrEqual(0.85);
  });

  it("would notice a clusterer that merges everything or nothing", () => {
    // The thresholds above are only meaningful if both degenerate answers fail them.
    const same = pairs.filter((p) => p.same).length;
    expect(same / pairs.length).toBeLessThan(0.95);
    expect(evaluate(pairs, { maxDaysApart: 0 }).recall).toBeLessThan(0.85);
  });
});
