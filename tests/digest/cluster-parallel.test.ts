import { describe, expect, it } from "vitest";
import {
  type ClusterInput,
  clusterStories,
  clusterStoriesParallel,
  PARALLEL_MIN_ENTRIES,
} from "../../src/digest/cluster.ts";
import { mulberry32 } from "../support/random.ts";

/**
 * A week of entries like the benchmark's, smaller: English-like and Chinese stories, some of them
 * mirrored with a site suffix or rewritten, so there are real groups to get identical.
 */
function corpus(n: number): ClusterInput[] {
  const rand = mulberry32(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length ** rand()) - 1)]!;
  const syl = "ka to ri ne su mo la pe di vo xa qu ben tor lin mar sel dra cor vin".split(" ");
  const word = () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(syl)).join("");
  const words = Array.from({ length: 8_000 }, word);
  const names = Array.from({ length: 3_000 }, () => {
    const w = word();
    return w[0]!.toUpperCase() + w.slice(1);
  });
  const han = Array.from({ length: 6_000 }, () =>
    String.fromCodePoint(0x4e00 + Math.floor(rand() * 3_000) * 7, 0x4e00 + Math.floor(rand() * 3_000) * 7),
  );
  const english = (k: number) =>
    Array.from({ length: k }, () => (rand() < 0.2 ? pick(names) : rand() < 0.3 ? "the" : pick(words))).join(
      " ",
    );
  const chinese = (k: number) =>
    Array.from({ length: k }, () => (rand() < 0.1 ? ` ${pick(names)} ` : pick(han))).join("");
  const start = Date.parse("2026-11-16T00:00:00Z");
  const out: ClusterInput[] = [];
  while (out.length < n) {
    const zh = rand() < 0.2;
    const title = zh ? chinese(8) : english(8);
    const summary = zh ? chinese(30) : english(30);
    const at = start + rand() * 7 * 86_400_000;
    const copies = rand() < 0.03 ? 2 + Math.floor(rand() * 3) : 1;
    for (let k = 0; k < copies && out.length < n; k++) {
      const mirror = k > 0 && rand() < 0.5;
      const rewrite = (text: string) =>
        k > 0 && !mirror ? text.replace(/\S+/g, (w) => (rand() < 0.3 ? pick(words) : w)) : text;
      out.push({
        id: `e${out.length}`,
        feedId: `feed${Math.floor(rand() * 300)}`,
        published: new Date(at + k * rand() * 86_400_000).toISOString(),
        title: mirror ? `${title} | ${pick(names)}` : rewrite(title),
        summary: rewrite(summary),
      });
    }
  }
  // Shuffled, so the result cannot depend on the input order either.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("clusterStoriesParallel", () => {
  const entries = corpus(26_000);
  const expected = clusterStories(entries);

  it("is given a corpus large enough to take the worker path, with real groups in it", () => {
    expect(entries.length).toBeGreaterThanOrEqual(PARALLEL_MIN_ENTRIES);
    expect(expected.filter((g) => g.length > 1).length).toBeGreaterThan(300);
  });

  it("finds exactly the groups, in the same order, as the single-thread path", async () => {
    expect(await clusterStoriesParallel(entries)).toEqual(expected);
  }, 60_000);

  it("gives the same result with more chunks than CPUs (uneven chunk sizes)", async () => {
    expect(await clusterStoriesParallel(entries, { threads: 3 })).toEqual(expected);
  }, 60_000);

  it("clusters small batches on this thread, with the same result", async () => {
    const few = entries.slice(0, 2_000);
    expect(await clusterStoriesParallel(few)).toEqual(clusterStories(few));
  });
});
