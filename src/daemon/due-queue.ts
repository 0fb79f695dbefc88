/**
 * A binary min-heap of (time, order, item): the poller's queue of feeds by next poll time, so that
 * finding the next feed to poll after each poll is O(log n), not a scan of every feed.
 */

interface Entry<T> {
  at: number;
  /** Ties go to the lower order (the feed added first). */
  order: number;
  item: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>) => a.at < b.at || (a.at === b.at && a.order < b.order);

/** Entries come out earliest first. An entry may be stale; the caller checks it against the item. */
export class DueQueue<T> {
  private readonly heap: Entry<T>[] = [];

  /** How many entries the heap holds (stale ones included). */
  get size(): number {
    return this.heap.length;
  }

  /** Add `item`, due at `at`. */
  push(at: number, order: number, item: T): void {
    const h = this.heap;
    h.push({ at, order, item });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** The earliest entry, left in place. */
  peek(): Entry<T> | undefined {
    return this.heap[0];
  }

  /** Take the earliest entry out. */
  pop(): Entry<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }

  /** Drop every entry. */
  clear(): void {
    this.heap.length = 0;
  }
}
