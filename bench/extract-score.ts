/**
 * The article-extraction benchmark's scoring recipe (../shared/extraction/README.md, upstream
 * evaluate.py): 4-token shingles over `\w+` tokens, per-page P/R, macro means, F1 from the means.
 */

/** Per-page shingle counts, normalised by their sum as upstream does. */
export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  exact: boolean;
}

/** Macro figures over a set of pages. */
export interface Totals {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  pages: number;
}

const TOKEN = /[\p{L}\p{N}_]+/gu;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function shingles(toks: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const n = Math.max(1, toks.length - 3);
  for (let i = 0; i < n; i++) {
    const s = toks.slice(i, i + 4).join(" ");
    if (s === "") continue;
    out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

/** Score one prediction against its truth. */
export function scorePage(truth: string, prediction: string): PageScore {
  const tt = tokens(truth);
  const pt = tokens(prediction);
  const a = shingles(tt);
  const b = shingles(pt);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, t] of a) {
    const p = b.get(key) ?? 0;
    tp += Math.min(t, p);
    fn += Math.max(0, t - p);
  }
  for (const [key, p] of b) fp += Math.max(0, p - (a.get(key) ?? 0));
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  return { tp, fp, fn, exact: tt.length === pt.length && tt.every((t, i) => t === pt[i]) };
}

function ratio(tp: number, miss: number, other: number): number {
  if (miss === 0 && other === 0) return 1;
  if (tp === 0 && miss === 0) return 0;
  return tp / (tp + miss);
}

/** Macro precision, recall, F1 and exact-match accuracy, as the recipe computes them. */
export function totals(scores: readonly PageScore[]): Totals {
  const p: number[] = [];
  const r: number[] = [];
  for (const s of scores) {
    if (s.tp + s.fp > 0) p.push(ratio(s.tp, s.fp, s.fn));
    if (s.tp + s.fn > 0) r.push(ratio(s.tp, s.fn, s.fp));
  }
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((x, y) => x + y, 0) / xs.length);
  const precision = mean(p);
  const recall = mean(r);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const accuracy = scores.filter((s) => s.exact).length / Math.max(1, scores.length);
  return { precision, recall, f1, accuracy, pages: scores.length };
}
