/**
 * Flat per-entry token sets (one array for all entries, with offsets), built one entry at a time,
 * merged from chunks built in parallel, then weighted once the whole batch is known.
 */
import { IntList } from "./int-list.ts";
import { type Alloc, plainMemory } from "./memory.ts";

/** Weight codes, packed with the hash as hash · 4 + code so one numeric sort groups and ranks them. */
export const COMMON = 0;
export const PLAIN = 1;
export const NAME = 2;

/**
 * Weight of each code, rising with it (so the larger code of two has the larger weight): common
 * headline words and tokens in too many entries of the batch count a quarter, names double
 * (reports of one story share names, templated headlines share the rest).
 */
export const WEIGHT: readonly number[] = [0.25, 1, 2];

/**
 * Sorted unique token hashes per entry with their final weight codes (a byte each where a float
 * weight took four: 100,000 entries hold millions of tokens); entry i spans off[i]..off[i+1].
 */
export interface TokenSets {
  readonly off: Int32Array;
  readonly ids: Uint32Array;
  readonly codes: Uint8Array;
  /** Sum of each entry's weights. */
  readonly totals: Float64Array;
}

/** Unweighted sets: hashes with their weight codes (plain typed arrays, so a worker can transfer them). */
export interface RawSets {
  off: Int32Array;
  ids: Uint32Array;
  codes: Uint8Array;
}

/** Token sets of many entries, appended one entry at a time. */
export class SetBuilder {
  private readonly off: IntList;
  private readonly ids: IntList;
  private readonly codes: IntList;
  /** Sized for `entries` sets of about `perEntry` tokens, so the buffers rarely double (and leave garbage). */
  constructor(entries = 0, perEntry = 0) {
    this.off = new IntList(Int32Array, entries + 1);
    this.ids = new IntList(Uint32Array, entries * perEntry);
    this.codes = new IntList(Uint8Array, entries * perEntry); // 0–2: a byte each, not an Int32
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
      this.ids.push(id);
      this.codes.push(view[k]! - id * 4);
    }
    this.off.push(this.ids.length);
  }
  /** The sets built so far, right-sized. */
  raw(): RawSets {
    return {
      off: this.off.toArray() as Int32Array,
      ids: this.ids.toArray() as Uint32Array,
      codes: this.codes.toArray() as Uint8Array,
    };
  }
}

/** The sets of consecutive chunks of entries as one, as if one builder had added them all. */
export function mergeSets(parts: readonly RawSets[], alloc: Alloc = plainMemory): RawSets {
  if (parts.length === 1 && alloc === plainMemory) return parts[0]!;
  let entries = 0;
  let tokens = 0;
  for (const p of parts) {
    entries += p.off.length - 1;
    tokens += p.ids.length;
  }
  const off = new Int32Array(alloc((entries + 1) * 4));
  const ids = new Uint32Array(alloc(tokens * 4));
  const codes = new Uint8Array(alloc(tokens));
  let e = 0;
  let t = 0;
  for (const p of parts) {
    for (let i = 1; i < p.off.length; i++) off[e + i] = p.off[i]! + t;
    ids.set(p.ids, t);
    codes.set(p.codes, t);
    e += p.off.length - 1;
    t += p.ids.length;
  }
  return { off, ids, codes };
}

/**
 * The weighted sets, with batch-common tokens (in `common`) coded as common words. Takes over
 * `raw`: its codes are rewritten in place.
 */
export function weighSets(
  raw: RawSets,
  common: { has(hash: number): boolean } | null,
  alloc: Alloc = plainMemory,
): TokenSets {
  const { off, ids, codes } = raw;
  if (common)
    for (let k = 0; k < ids.length; k++) if (codes[k] !== COMMON && common.has(ids[k]!)) codes[k] = COMMON;
  const totals = new Float64Array(alloc((off.length - 1) * 8));
  for (let i = 0; i < totals.length; i++) {
    let t = 0;
    for (let k = off[i]!; k < off[i + 1]!; k++) t += WEIGHT[codes[k]!]!;
    totals[i] = t;
  }
  return { off, ids, codes, totals };
}
