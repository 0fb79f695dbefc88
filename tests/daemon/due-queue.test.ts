import { expect, it } from "vitest";
import { DueQueue } from "../../src/daemon/due-queue.ts";
import { mulberry32 } from "../support/random.ts";

it("gives entries back earliest first, ties in order, whatever order they were pushed in", () => {
  const random = mulberry32(18);
  const q = new DueQueue<string>();
  const pushed: { at: number; order: number; item: string }[] = [];
  for (let i = 0; i < 500; i++) {
    const e = { at: Math.floor(random() * 50), order: Math.floor(random() * 1000), item: `e${i}` };
    pushed.push(e);
    q.push(e.at, e.order, e.item);
    // Interleaved pops take the current earliest.
    if (i % 7 === 6) {
      pushed.sort((a, b) => a.at - b.at || a.order - b.order);
      expect(q.pop()?.at).toBe(pushed.shift()!.at);
    }
  }
  pushed.sort((a, b) => a.at - b.at || a.order - b.order);
  const out: [number, number][] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push([e.at, e.order]);
  expect(out).toEqual(pushed.map((e) => [e.at, e.order]));
  expect(q.size).toBe(0);
});
