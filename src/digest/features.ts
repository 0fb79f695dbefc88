/**
 * Per-entry token sets for story comparison, stored flat (one array for all entries, with offsets)
 * because 100,000 entries × several small typed arrays costs more in headers and GC than in data.
 * A token is its 32-bit hash: a table from tokens to ids was the slowest step (a cache miss per
 * token), and with a million distinct tokens about a hundred pairs of unrelated words share a hash,
 * noise far below what the similarity thresholds can see.
 */
import { stripSiteAffixes, stripSummaryBoilerplate } from "./affixes.ts";
import { isCommonHash } from "./common-words.ts";
import { type Alloc, plainMemory } from "./memory.ts";
import { hashString } from "./minhash.ts";
import {
  COMMON,
  mergeSets,
  NAME,
  PLAIN,
  type RawSets,
  SetBuilder,
  type TokenSets,
  weighSets,
} from "./token-sets.ts";
import { scanHashes, titleNumbers } from "./tokenize.ts";

export type { TokenSets } from "./token-sets.ts";

/**
 * Only the lede: wire copies share their first sentences and diverge after, and it bounds the
 * cost. Counted in tokens so a Chinese lede (one bigram per character) is not four times longer.
 */
export const LEDE_CHARS = 600;
const LEDE_TOKENS = 60;

/** Everything clustering compares, for a batch of entries. */
export interface FeatureTable {
  readonly size: number;
  /** Title tokens (site name stripped). */
  readonly title: TokenSets;
  /** Title, lede and acronym tokens together. */
  readonly all: TokenSets;
  /** Names in the title that are not common words. */
  readonly titleNames: TokenSets;
  /** Identifying numbers in each title (versions, CVE ids, amounts), or null. */
  readonly numbers: readonly (readonly string[] | null)[];
  readonly hasSummary: Uint8Array;
}

/** The per-entry part of a FeatureTable, before batch-wide document frequencies are known. */
export interface RawFeatures {
  title: RawSets;
  all: RawSets;
  titleNames: RawSets;
  numbers: (string[] | null)[];
  hasSummary: Uint8Array;
}

/** Tokens, names and numbers of each entry: the per-entry work, independent of the rest of the batch. */
export function extractFeatures(titles: readonly string[], summaries: readonly string[]): RawFeatures {
  const nameSet = new Set<number>(); // this entry's names
  // Sizes from a headline of ~8 tokens and a 60-token lede; a longer batch grows the buffers.
  const title = new SetBuilder(titles.length, 10);
  const all = new SetBuilder(titles.length, 40);
  const titleNames = new SetBuilder(titles.length, 2);
  const numbers: (string[] | null)[] = [];
  const hasSummary = new Uint8Array(titles.length);
  let keys = new Float64Array(1024);
  for (let i = 0; i < titles.length; i++) {
    const cleanTitle = stripSiteAffixes(titles[i]!);
    // Cut first: footers sit at the end, past the lede of a long summary, and regexes cost per char.
    const lede = stripSummaryBoilerplate(summaries[i]!.slice(0, LEDE_CHARS));
    const t = scanHashes(cleanTitle);
    const s = scanHashes(lede, LEDE_TOKENS);
    const acronyms = [...t.acronyms, ...s.acronyms].map(hashString);
    nameSet.clear();
    for (const h of t.names) nameSet.add(h);
    for (const h of s.names) nameSet.add(h);
    for (const h of acronyms) nameSet.add(h);
    // A headline's first word is capitalized anyway; it is a name when the lede capitalizes it too.
    const first = /^[\p{Lu}][\p{L}\p{N}]*/u.exec(cleanTitle)?.[0]; // cleanTitle is NFKC already
    if (first && lede.includes(first)) nameSet.add(hashString(first.toLowerCase()));

    // Title keys, then a copy of its names after them, then lede and acronym keys.
    const need = 2 * t.tokens.length + s.tokens.length + acronyms.length;
    if (need > keys.length) keys = new Float64Array(need * 2);
    let n = 0;
    const put = (list: readonly number[]) => {
      for (const hash of list) {
        keys[n++] = hash * 4 + (isCommonHash(hash) ? COMMON : nameSet.has(hash) ? NAME : PLAIN);
      }
    };
    put(t.tokens);
    // Names of the title, for the "each names something the other never mentions" veto.
    let m = n;
    for (let k = 0; k < n; k++) if (keys[k]! % 4 === NAME) keys[m++] = keys[k]!;
    titleNames.add(keys.subarray(n, m), m - n);
    title.add(keys, n); // sorts keys[0..n), which the next puts append to
    put(s.tokens);
    put(acronyms);
    all.add(keys, n);
    const nums = titleNumbers(t.digitTokens);
    numbers.push(nums.length > 0 ? [...new Set(nums)].sort() : null);
    hasSummary[i] = s.tokens.length > 0 ? 1 : 0;
  }
  return { title: title.raw(), all: all.raw(), titleNames: titleNames.raw(), numbers, hasSummary };
}

/**
 * The features of a batch from its chunks' raw features, in order. Tokens in more than `maxDf`
 * entries count as common words: in a week of 100,000 entries a word in 1,000 of them says little
 * about which story one is. `alloc` places the arrays (shared memory for pair workers).
 */
export function finishFeatures(
  parts: readonly RawFeatures[],
  maxDf: number,
  alloc: Alloc = plainMemory,
): FeatureTable {
  const all = mergeSets(
    parts.map((p) => p.all),
    alloc,
  );
  const common = batchCommon(all.ids, maxDf);
  const hasSummary = new Uint8Array(alloc(all.off.length - 1));
  let at = 0;
  for (const p of parts) {
    hasSummary.set(p.hasSummary, at);
    at += p.hasSummary.length;
  }
  return {
    size: hasSummary.length,
    title: weighSets(
      mergeSets(
        parts.map((p) => p.title),
        alloc,
      ),
      common,
      alloc,
    ),
    all: weighSets(all, common, alloc),
    titleNames: weighSets(
      mergeSets(
        parts.map((p) => p.titleNames),
        alloc,
      ),
      null,
      alloc,
    ),
    numbers: parts.flatMap((p) => p.numbers),
    hasSummary,
  };
}

/**
 * Which tokens are in more than `maxDf` entries, given every (entry, token). A function of its own
 * so the 32 MB counter table is garbage as soon as it returns.
 */
function batchCommon(every: Uint32Array, maxDf: number): { has(hash: number): boolean } {
  // Document frequency in a hashed counter table with a slot per (entry, token): a rare token that
  // shares a slot with a batch-common one (about 1 in 8,000 at 100k entries) is the only error, and
  // it only lowers that token's weight. Sorting every (entry, token) instead took a third of a second.
  const slots = 2 ** Math.ceil(Math.log2(Math.max(1 << 16, every.length)));
  const counts = new Uint32Array(slots);
  const mask = slots - 1;
  for (let k = 0; k < every.length; k++) counts[every[k]! & mask]!++;
  // A bitmap of the over-full slots (1 MB at 100k entries, stays in cache) answers "batch-common?"
  // for every token; collecting common hashes into a Set cost a cache miss and a Set.add per token.
  const hot = new Uint8Array(slots >>> 3);
  for (let p = 0; p < slots; p++) if (counts[p]! > maxDf) hot[p >>> 3]! |= 1 << (p & 7);
  return { has: (hash: number) => (hot[(hash & mask) >>> 3]! & (1 << (hash & 7))) !== 0 };
}

/** The features of a batch, computed on this thread. */
export function buildFeatures(
  entries: readonly { title: string; summary: string }[],
  maxDf: number,
): FeatureTable {
  const raw = extractFeatures(
    entries.map((e) => e.title),
    entries.map((e) => e.summary),
  );
  return finishFeatures([raw], maxDf);
}
