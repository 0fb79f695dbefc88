/** Growable typed arrays: flat storage for 100,000 entries without a JS array per entry. */

/** A push-only typed array (Int32 by default) that doubles its buffer. */
export class IntList {
  data: Int32Array | Uint32Array;
  length = 0;
  constructor(kind: typeof Int32Array | typeof Uint32Array = Int32Array) {
    this.data = new kind(1024);
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
  /** A right-sized copy. */
  toArray(): Int32Array | Uint32Array {
    return this.data.slice(0, this.length);
  }
}
