/** Precision and recall of clusterStories() over the labelled pairs in tests/fixtures/clusters. */
import { readFileSync } from "node:fs";
import { type ClusterInput, type ClusterOptions, clusterStories } from "../../src/digest/cluster.ts";

/** One side of a labelled pair. */
export type PairEntry = Omit<ClusterInput, "id">;

/** A labelled pair: are `a` and `b` the same story? */
export interface LabelledPair {
  a: PairEntry;
  b: PairEntry;
  same: boolean;
  lang: string;
  note: string;
}

/** Counts and rates of one evaluation run, with the misclassified pairs for inspection. */
export interface EvalResult {
  pairs: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  wrong: LabelledPair[];
}

/** A pairs file of tests/fixtures/clusters, parsed: pairs.jsonl (tuning) or holdout.jsonl. */
export function loadPairs(file: "pairs.jsonl" | "holdout.jsonl" = "pairs.jsonl"): LabelledPair[] {
  const text = readFileSync(new URL(`../fixtures/clusters/${file}`, import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LabelledPair);
}

/** A pair is predicted "same" when clustering just its two entries yields one group. */
export function evaluate(pairs: readonly LabelledPair[], options?: ClusterOptions): EvalResult {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const wrong: LabelledPair[] = [];
  for (const p of pairs) {
    const together =
      clusterStories(
        [
          { id: "a", ...p.a },
          { id: "b", ...p.b },
        ],
        options,
      ).length === 1;
    if (together && p.same) tp++;
    else if (together) fp++;
    else if (p.same) fn++;
    else tn++;
    if (together !== p.same) wrong.push(p);
  }
  return {
    pairs: pairs.length,
    tp,
    fp,
    fn,
    tn,
    precision: tp / (tp + fp || 1),
    recall: tp / (tp + fn || 1),
    wrong,
  };
}
