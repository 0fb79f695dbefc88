/**
 * Dense ids for tokens and growable typed arrays: the bookkeeping that lets clustering handle
 * 100,000 entries without a string-keyed Map lookup per token or a JS array per entry.
 */
import { hashString } from "./minhash.ts";

/** A push-only Int32 array that doubles its buffer. */
export class IntList {
  data = new Int32Array(1024);
  length = 0;
  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** A right-sized copy. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Maps tokens to dense ids by their 32-bit hash (open addressing, linear probing). Two tokens
 * with the same hash share an id; with a million distinct tokens that is about a hundred pairs of
 * unrelated words, noise far below what the similarity thresholds can see.
 */
export class TokenInterner {
  private keys = new Uint32Array(1 << 16);
  private slots = new Int32Array(1 << 16).fill(-1);
  /** Hash of each id, for MinHash. */
  readonly hashes = new IntList();
  /** Ids handed out so far. */
  get size(): number {
    return this.hashes.length;
  }
  /** The id of `token`, allocated on first sight. */
  id(token: string): number {
    const h = hashString(token);
    const mask = this.slots.length - 1;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const slot = this.slots[p]!;
      if (slot === -1) {
        const id = this.hashes.length;
        this.keys[p] = h;
        this.slots[p] = id;
        this.hashes.push(h | 0);
        if (this.hashes.length * 2 > this.slots.length) this.grow();
        return id;
      }
      if (this.keys[p] === h) return slot;
    }
  }
  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let q = 0; q < oldSlots.length; q++) {
      if (oldSlots[q] === -1) continue;
      let p = oldKeys[q]! & mask;
      while (this.slots[p] !== -1) p = (p + 1) & mask;
      this.keys[p] = oldKeys[q]!;
      this.slots[p] = oldSlots[q]!;
    }
  }
}
