import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/llm/limiter.ts";

/** A fake clock: sleeping advances time instantly, so the test checks limits, not wall time. */
function clock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

describe("limiter", () => {
  it("never runs more than `concurrency` tasks at once", async () => {
    const c = clock();
    const lim = createLimiter({ concurrency: 2, perMinute: 1000, now: c.now, sleep: c.sleep });
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
    };
    await Promise.all(Array.from({ length: 7 }, () => lim.run(task)));
    expect(peak).toBe(2);
  });

  it("starts at most `perMinute` tasks in any minute", async () => {
    const c = clock();
    // One at a time, so the fake clock (which jumps when anyone sleeps) reads true start times.
    const lim = createLimiter({ concurrency: 1, perMinute: 3, now: c.now, sleep: c.sleep });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => lim.run(async () => void starts.push(c.now()))));
    expect(starts).toHaveLength(7);
    for (let i = 3; i < starts.length; i++)
      expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(60_000);
    expect(starts[2]).toBe(starts[0]); // the first three go at once: the limit is per minute, not a spacing
  });

  it("a pause (Retry-After) holds every start until it ends", async () => {
    const c = clock();
    const lim = createLimiter({ concurrency: 2, perMinute: 100, now: c.now, sleep: c.sleep });
    lim.pauseUntil(c.now() + 5000);
    const at = await lim.run(async () => c.now());
    expect(at).toBeGreaterThanOrEqual(1_005_000);
  });

  it("a waiting task stops when its signal aborts", async () => {
    const lim = createLimiter({ concurrency: 1, perMinute: 100 });
    let release!: () => void;
    const first = lim.run(() => new Promise<void>((r) => (release = r)));
    const ctl = new AbortController();
    const second = lim.run(async () => "ran", ctl.signal);
    ctl.abort(new Error("stopped"));
    await expect(second).rejects.toThrow("stopped");
    release();
    await first;
    expect(await lim.run(async () => "free again")).toBe("free again");
  });
});
