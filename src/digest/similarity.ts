/** The exact "same story?" check that LSH candidates must pass. */
import type { FeatureTable, TokenSets } from "./features.ts";
import { PLAIN, WEIGHT } from "./token-sets.ts";

/** Thresholds of sameStory(), chosen on tests/fixtures/clusters (see bench/README.md). */
export const SIMILARITY = Object.freeze({
  /**
   * Weight of the title-only score; the rest is the title+lede score, so title words count in both
   * and outweigh summary words, while a rewritten headline over the same lede still matches.
   */
  titleWeight: 0.4,
  /** Score at or above which two reports published together are one story. */
  threshold: 0.25,
  /**
   * Added to the threshold per day between the reports: outlets report a story within a day or
   * so; days later a similar text is usually a follow-up (post-mortem, patch), unless near-copy.
   */
  perDay: 0.15,
  /** The most the per-day rise can demand: near-copies are one story anywhere in the window. */
  maxThreshold: 0.9,
  /** Two entries of one feed are one story only when their titles are this close (updates, reposts). */
  sameFeedTitle: 0.9,
  /** Score from which two reports are near-copies, one story whatever words they share. */
  nearCopy: 0.8,
  /** Shared tokens that are not common words (names, rare words) two reports of one story have. */
  minInformative: 3,
  /** Discount on containment against Jaccard: a short text inside a long one is weaker evidence. */
  containment: 0.9,
});

/**
 * The weight entries i and j share; a token that is a name on either side counts as a name. With
 * `informative`, counts the shared tokens that are not common words instead.
 */
function sharedWeight(s: TokenSets, i: number, j: number, informative = false): number {
  const { off, ids, codes } = s;
  let x = off[i]!;
  let y = off[j]!;
  const xe = off[i + 1]!;
  const ye = off[j + 1]!;
  let w = 0;
  while (x < xe && y < ye) {
    const a = ids[x]!;
    const b = ids[y]!;
    if (a === b) {
      const c = Math.max(codes[x]!, codes[y]!);
      w += informative ? (c >= PLAIN ? 1 : 0) : WEIGHT[c]!;
      x++;
      y++;
    } else if (a < b) x++;
    else y++;
  }
  return w;
}

/** Tokens of entry i that are not common words. */
function informativeCount(s: TokenSets, i: number): number {
  let n = 0;
  for (let k = s.off[i]!; k < s.off[i + 1]!; k++) if (s.codes[k]! >= PLAIN) n++;
  return n;
}

/** Weighted Jaccard, or how much of the smaller set the larger contains (rewrites add words). */
function similarity(s: TokenSets, i: number, j: number, minForContainment: number): number {
  const shared = sharedWeight(s, i, j);
  if (shared === 0) return 0;
  const a = s.totals[i]!;
  const b = s.totals[j]!;
  const jaccard = shared / (a + b - shared);
  // Containment only for sets big enough to be specific; "Kubernetes 1.35" is in many titles.
  const smaller = Math.min(a, b);
  const containment = smaller >= minForContainment ? (SIMILARITY.containment * shared) / smaller : 0;
  return Math.max(jaccard, containment);
}

/** True when every id of entry i's set in `from` is somewhere in entry j's set in `to`. */
function covered(from: TokenSets, i: number, to: TokenSets, j: number): boolean {
  const need = from.off[i + 1]! - from.off[i]!;
  if (need === 0) return true;
  let found = 0;
  let y = to.off[j]!;
  const ye = to.off[j + 1]!;
  for (let x = from.off[i]!; x < from.off[i + 1]!; x++) {
    while (y < ye && to.ids[y]! < from.ids[x]!) y++;
    if (y < ye && to.ids[y] === from.ids[x]) found++;
  }
  return found === need;
}

/** Both titles carry identifying numbers and share none: v1.34 vs v1.35, two CVE ids. */
function numbersConflict(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return a !== null && b !== null && !a.some((x) => b.includes(x));
}

/** The parts of the decision for entries i and j of `f`, for the evaluation and for tuning. */
export function scoreStories(
  f: FeatureTable,
  i: number,
  j: number,
): { title: number; all: number; score: number; veto: boolean } {
  // Each title names something the other report never mentions: Crossplane vs Kyverno graduating.
  const namesConflict = !covered(f.titleNames, i, f.all, j) && !covered(f.titleNames, j, f.all, i);
  const veto = namesConflict || numbersConflict(f.numbers[i]!, f.numbers[j]!);
  const title = similarity(f.title, i, j, 3);
  const all = f.hasSummary[i] && f.hasSummary[j] ? similarity(f.all, i, j, 6) : title;
  const score = SIMILARITY.titleWeight * title + (1 - SIMILARITY.titleWeight) * all;
  return { title, all, score, veto };
}

/** Whether entries i and j, `days` apart (within the clustering window), report the same story. */
export function sameStory(f: FeatureTable, i: number, j: number, sameFeed: boolean, days: number): boolean {
  const s = scoreStories(f, i, j);
  if (s.veto) return false;
  if (
    sameFeed
      ? s.title < SIMILARITY.sameFeedTitle
      : s.score < Math.min(SIMILARITY.maxThreshold, SIMILARITY.threshold + SIMILARITY.perDay * days)
  )
    return false;
  // Two texts made of common words ("Weekly update: new release") look alike without being one story,
  // so they must share a few informative tokens, or all of the shorter one's (a bare headline).
  // Near-copies are exempt: a story in hundreds of copies makes its own words batch-common.
  if (s.score >= SIMILARITY.nearCopy) return true;
  const need = Math.max(
    1,
    Math.min(SIMILARITY.minInformative, informativeCount(f.all, i), informativeCount(f.all, j)),
  );
  return sharedWeight(f.all, i, j, true) >= need;
}
