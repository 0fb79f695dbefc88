/** The exact "same story?" check that LSH candidates must pass, and the features it reads. */
import { hashString } from "./minhash.ts";
import { stripSiteAffixes, stripSummaryBoilerplate, titleNumbers, tokenize } from "./tokenize.ts";

/** What clustering keeps per entry: sorted unique feature hashes, so overlaps are a linear merge. */
export interface StoryFeatures {
  /** Title tokens (site name stripped). */
  readonly title: Uint32Array;
  /** Title and lede tokens together. */
  readonly all: Uint32Array;
  /** Identifying numbers in the title (versions, CVE ids, amounts), sorted. */
  readonly numbers: readonly string[];
  readonly hasSummary: boolean;
}

/** Only the lede: wire copies share their first sentences and diverge after, and it bounds the cost. */
const LEDE_CHARS = 400;

function hashSet(tokens: readonly string[]): Uint32Array {
  const out = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = hashString(tokens[i]!);
  out.sort();
  let m = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[m++] = out[i]!;
  return out.slice(0, m);
}

/** Features of one entry's title and summary. */
export function storyFeatures(title: string, summary: string): StoryFeatures {
  const titleTokens = tokenize(stripSiteAffixes(title));
  const summaryTokens = tokenize(stripSummaryBoilerplate(summary).slice(0, LEDE_CHARS));
  return {
    title: hashSet(titleTokens),
    all: hashSet([...titleTokens, ...summaryTokens]),
    numbers: [...new Set(titleNumbers(titleTokens))].sort(),
    hasSummary: summaryTokens.length > 0,
  };
}

/** |a ∩ b| for sorted unique arrays. */
function intersect(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Thresholds of sameStory(); exported so the evaluation and the docs name the same numbers. */
export const SIMILARITY = Object.freeze({
  /** Weight of the title in the combined score; the title names the story, the lede confirms it. */
  titleWeight: 0.6,
  /** Combined score at or above which two entries are one story. */
  threshold: 0.5,
  /** Two entries of one feed are one story only when their titles are this close (updates, reposts). */
  sameFeedTitle: 0.9,
});

/** Title similarity: Jaccard, or how much of the shorter title the longer contains (mirrors add words). */
function titleSimilarity(a: Uint32Array, b: Uint32Array): number {
  const inter = intersect(a, b);
  if (inter === 0) return 0;
  const jaccard = inter / (a.length + b.length - inter);
  const shorter = Math.min(a.length, b.length);
  // Containment only for titles long enough to be specific; "Kubernetes 1.35" is in many titles.
  const containment = shorter >= 4 ? (0.9 * inter) / shorter : 0;
  return Math.max(jaccard, containment);
}

/** True when both titles carry identifying numbers and share none: v1.34 vs v1.35, two CVE ids. */
function numbersConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return !a.some((x) => b.includes(x));
}

/** Whether two entries (already within the time window) report the same story. */
export function sameStory(a: StoryFeatures, b: StoryFeatures, sameFeed: boolean): boolean {
  if (numbersConflict(a.numbers, b.numbers)) return false;
  const title = titleSimilarity(a.title, b.title);
  if (sameFeed) return title >= SIMILARITY.sameFeedTitle;
  let score = title;
  if (a.hasSummary && b.hasSummary) {
    const inter = intersect(a.all, b.all);
    const all = inter / (a.all.length + b.all.length - inter);
    score = SIMILARITY.titleWeight * title + (1 - SIMILARITY.titleWeight) * all;
  }
  return score >= SIMILARITY.threshold;
}
