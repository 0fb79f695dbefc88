/** The exact "same story?" check that LSH candidates must pass, and the features it reads. */
import { tokenWeight } from "./common-words.ts";
import { hashString } from "./minhash.ts";
import {
  acronyms,
  nameTokens,
  stripSiteAffixes,
  stripSummaryBoilerplate,
  titleNumbers,
  tokenize,
} from "./tokenize.ts";

/** A set of tokens as sorted unique hashes with their weights, so overlaps are a linear merge. */
export interface WeightedSet {
  readonly hashes: Uint32Array;
  readonly weights: Float32Array;
  readonly total: number;
}

/** What clustering keeps per entry. */
export interface StoryFeatures {
  /** Title tokens (site name stripped). */
  readonly title: WeightedSet;
  /** Title and lede tokens together. */
  readonly all: WeightedSet;
  /** Hashes of names in the title (not common words), sorted. */
  readonly titleNames: Uint32Array;
  /** Identifying numbers in the title (versions, CVE ids, amounts), sorted. */
  readonly numbers: readonly string[];
  readonly hasSummary: boolean;
}

/** Only the lede: wire copies share their first sentences and diverge after, and it bounds the cost. */
const LEDE_CHARS = 400;

/** Names count double: reports of one story share names, templated headlines share the rest. */
const NAME_WEIGHT = 2;

function weightedSet(tokens: readonly string[], names: ReadonlySet<string>): WeightedSet {
  const byHash = new Map<number, number>();
  for (const t of tokens) {
    const w = tokenWeight(t);
    byHash.set(hashString(t), w === 1 && names.has(t) ? NAME_WEIGHT : w);
  }
  const hashes = Uint32Array.from(byHash.keys()).sort();
  const weights = Float32Array.from(hashes, (h) => byHash.get(h)!);
  let total = 0;
  for (const w of weights) total += w;
  return { hashes, weights, total };
}

/** Features of one entry's title and summary. */
export function storyFeatures(title: string, summary: string): StoryFeatures {
  const cleanTitle = stripSiteAffixes(title);
  const lede = stripSummaryBoilerplate(summary).slice(0, LEDE_CHARS);
  const titleTokens = tokenize(cleanTitle);
  const summaryTokens = tokenize(lede);
  const ledeNames = nameTokens(lede);
  // A headline's first word is capitalized anyway; it is a name when the lede capitalizes it too.
  const first = /^\p{Lu}[\p{L}\p{N}]*/u.exec(cleanTitle.normalize("NFKC"))?.[0];
  const firstName =
    first && new RegExp(`(?<![\\p{L}])${first}(?![\\p{L}])`, "u").test(lede) ? [first.toLowerCase()] : [];
  const titleNames = [...firstName, ...nameTokens(cleanTitle)].filter((t) => tokenWeight(t) === 1);
  const names = new Set([...titleNames, ...ledeNames]);
  const extra = acronyms(`${cleanTitle}\n${lede}`);
  for (const a of extra) names.add(a);
  return {
    title: weightedSet(titleTokens, names),
    all: weightedSet([...titleTokens, ...summaryTokens, ...extra], names),
    titleNames: Uint32Array.from(new Set(titleNames.map(hashString))).sort(),
    numbers: [...new Set(titleNumbers(titleTokens))].sort(),
    hasSummary: summaryTokens.length > 0,
  };
}

/** The weight both sets share. */
function sharedWeight(a: WeightedSet, b: WeightedSet): number {
  const x = a.hashes;
  const y = b.hashes;
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      // A name on either side is a name: one outlet writes Title Case, the other sentence case.
      w += Math.max(a.weights[i]!, b.weights[j]!);
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return w;
}

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
  /** Two entries of one feed are one story only when their titles are this close (updates, reposts). */
  sameFeedTitle: 0.9,
  /** Discount on containment against Jaccard: a short text inside a long one is weaker evidence. */
  containment: 0.9,
});

/** Weighted Jaccard, or how much of the smaller set the larger contains (rewrites add words). */
function similarity(a: WeightedSet, b: WeightedSet, minForContainment: number): number {
  const shared = sharedWeight(a, b);
  if (shared === 0) return 0;
  const jaccard = shared / (a.total + b.total - shared);
  const smaller = Math.min(a.total, b.total);
  // Containment only for sets big enough to be specific; "Kubernetes 1.35" is in many titles.
  const containment = smaller >= minForContainment ? (SIMILARITY.containment * shared) / smaller : 0;
  return Math.max(jaccard, containment);
}

/** True when both titles carry identifying numbers and share none: v1.34 vs v1.35, two CVE ids. */
function numbersConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return !a.some((x) => b.includes(x));
}

/** True when `sorted` contains `h`. */
function has(sorted: Uint32Array, h: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Each title names something the other report never mentions: Crossplane vs Kyverno graduating. */
function namesConflict(a: StoryFeatures, b: StoryFeatures): boolean {
  const missing = (x: StoryFeatures, y: StoryFeatures) => x.titleNames.some((h) => !has(y.all.hashes, h));
  return missing(a, b) && missing(b, a);
}

/** The parts of the decision, for the evaluation and for tuning. */
export function scoreStories(
  a: StoryFeatures,
  b: StoryFeatures,
): { title: number; all: number; score: number; veto: boolean } {
  const veto = numbersConflict(a.numbers, b.numbers) || namesConflict(a, b);
  const title = similarity(a.title, b.title, 3);
  const all = a.hasSummary && b.hasSummary ? similarity(a.all, b.all, 6) : title;
  const score = SIMILARITY.titleWeight * title + (1 - SIMILARITY.titleWeight) * all;
  return { title, all, score, veto };
}

/** Whether two entries `days` apart (within the clustering window) report the same story. */
export function sameStory(a: StoryFeatures, b: StoryFeatures, sameFeed: boolean, days: number): boolean {
  const s = scoreStories(a, b);
  if (s.veto) return false;
  if (sameFeed) return s.title >= SIMILARITY.sameFeedTitle;
  return s.score >= SIMILARITY.threshold + SIMILARITY.perDay * days;
}
