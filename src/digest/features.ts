/**
 * Per-entry token sets for story comparison, stored flat (one array for all entries, with offsets)
 * because 100,000 entries × several small typed arrays costs more in headers and GC than in data.
 * A token is its 32-bit hash: a table from tokens to ids was the slowest step (a cache miss per
 * token), and with a million distinct tokens about a hundred pairs of unrelated words share a hash,
 * noise far below what the similarity thresholds can see.
 */
import { stripSiteAffixes, stripSummaryBoilerplate } from "./affixes.ts";
import { isCommonHash } from "./common-words.ts";
import { IntList } from "./int-list.ts";
import { hashString } from "./minhash.ts";
import { scanHashes, titleNumbers } from "./tokenize.ts";

/**
 * Only the lede: wire copies share their first sentences and diverge after, and it bounds the
 * cost. Counted in tokens so a Chinese lede (one bigram per character) is not four times longer.
 */
const LEDE_CHARS = 600;
const LEDE_TOKENS = 60;
/** Names count double: reports of one story share names, templated headlines share the rest. */
const NAME_WEIGHT = 2;
/** Weight of common headline words, and of tokens found in too many entries of the batch. */
export const COMMON_WEIGHT = 0.25;

/** Sorted unique token hashes per entry, with weights; entry i spans off[i]..off[i+1]. */
export interface TokenSets {
  readonly off: Int32Array;
  readonly ids: Uint32Array;
  readonly weights: Float32Array;
  readonly totals: Float64Array;
}

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

/** Weight codes, packed with the hash as hash · 4 + code so one numeric sort groups and ranks them. */
const COMMON = 0;
const PLAIN = 1;
const NAME = 2;

/** Token sets of many entries, appended one entry at a time. */
class SetBuilder {
  private readonly off = new IntList();
  private readonly ids_ = new IntList(Uint32Array);
  private readonly codes = new IntList();
  constructor() {
    this.off.push(0);
  }
  /** Adds one entry's set from `n` packed keys in `keys` (sorted here, duplicates keep the best code). */
  add(keys: Float64Array, n: number): void {
    const view = keys.subarray(0, n);
    if (n > 48) view.sort();
    else {
      // Insertion sort: most sets are small, where the native sort's call overhead dominates.
      for (let a = 1; a < n; a++) {
        const v = view[a]!;
        let b = a - 1;
        while (b >= 0 && view[b]! > v) {
          view[b + 1] = view[b]!;
          b--;
        }
        view[b + 1] = v;
      }
    }
    for (let k = 0; k < n; k++) {
      const id = Math.floor(view[k]! / 4);
      if (k + 1 < n && Math.floor(view[k + 1]! / 4) === id) continue;
      this.ids_.push(id);
      this.codes.push(view[k]! - id * 4);
    }
    this.off.push(this.ids_.length);
  }
  /** Every hash of every set, for counting document frequency. */
  ids(): Uint32Array {
    return this.ids_.data.subarray(0, this.ids_.length) as Uint32Array;
  }
  /** The sets, with batch-common tokens (in `common`) weighted as common words. */
  build(common: { has(hash: number): boolean } | null): TokenSets {
    const ids = this.ids_.toArray() as Uint32Array;
    const off = this.off.toArray() as Int32Array;
    const weights = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const c = this.codes.data[k]!;
      weights[k] = c === COMMON || common?.has(ids[k]!) ? COMMON_WEIGHT : c === NAME ? NAME_WEIGHT : 1;
    }
    const totals = new Float64Array(off.length - 1);
    for (let i = 0; i < totals.length; i++) {
      let t = 0;
      for (let k = off[i]!; k < off[i + 1]!; k++) t += weights[k]!;
      totals[i] = t;
    }
    return { off, ids, weights, totals };
  }
}

/**
 * Builds the features of a batch. Tokens in more than `maxDf` entries count as common words: in a
 * week of 100,000 entries a word in 1,000 of them says little about which story one is.
 */
export function buildFeatures(
  entries: readonly { title: string; summary: string }[],
  maxDf: number,
): FeatureTable {
  const nameSet = new Set<number>(); // this entry's names
  const title = new SetBuilder();
  const all = new SetBuilder();
  const titleNames = new SetBuilder();
  const numbers: (string[] | null)[] = [];
  const hasSummary = new Uint8Array(entries.length);
  let keys = new Float64Array(1024);
  for (let i = 0; i < entries.length; i++) {
    const cleanTitle = stripSiteAffixes(entries[i]!.title);
    // Cut first: footers sit at the end, past the lede of a long summary, and regexes cost per char.
    const lede = stripSummaryBoilerplate(entries[i]!.summary.slice(0, LEDE_CHARS));
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
  // Document frequency in a hashed counter table with a slot per (entry, token): a rare token that
  // shares a slot with a batch-common one (about 1 in 8,000 at 100k entries) is the only error, and
  // it only lowers that token's weight. Sorting every (entry, token) instead took a third of a second.
  const every = all.ids();
  const slots = 2 ** Math.ceil(Math.log2(Math.max(1 << 16, every.length)));
  const counts = new Uint32Array(slots);
  const mask = slots - 1;
  for (let k = 0; k < every.length; k++) counts[every[k]! & mask]!++;
  // One more pass collects the few common hashes into a Set, which stays in cache; looking the
  // table up again for every title and lede token was a cache miss each.
  const common = new Set<number>();
  for (let k = 0; k < every.length; k++) if (counts[every[k]! & mask]! > maxDf) common.add(every[k]!);
  return {
    size: entries.length,
    title: title.build(common),
    all: all.build(common),
    titleNames: titleNames.build(null),
    numbers,
    hasSummary,
  };
}
