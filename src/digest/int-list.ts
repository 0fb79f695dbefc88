/** Growable typed arrays: flat storage for 100,000 entries without a JS array per entry. */

type IntArray = Int32Array | Uint32Array | Uint8Array;

/** A push-only typed array (Int32 by default) that doubles its buffer. */
export class IntList {
  data: IntArray;
  length = 0;
  constructor(
    kind: typeof Int32Array | typeof Uint32Array | typeof Uint8Array = Int32Array,
    capacity = 1024,
  ) {
    this.data = new kind(Math.max(16, capacity));
  }
  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as typeof Int32Array)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /**
   * The values pushed so far, as a view of the buffer (no copy: the buffer is often moved to
   * another thread whole, and a copy of millions of values would be one more allocation to free).
   */
  toArray(): IntArray {
    return this.data.subarray(0, this.length);
  }
}
