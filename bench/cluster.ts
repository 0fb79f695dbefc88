/**
 * Story clustering benchmark: `node bench/cluster.ts [entries]` (default 100,000, one week;
 * RUNS=n sets how many timed runs of each way, default 3, the minimum is reported): first
 * clusterStoriesParallel() (one thread per CPU), then clusterStories() on one thread.
 * 20% of entries are Chinese; 5% belong to generated near-duplicate clusters (mirrors with a site
 * suffix, rewrites with a third of the headline changed). Prints time, peak RSS, how many generated
 * clusters were recovered, how many groups mix unrelated entries, and the evaluation-set figures.
 */
import { availableParallelism, cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { enableCompileCache } from "../src/compile-cache.ts";
import { type ClusterInput, clusterStories, clusterStoriesParallel } from "../src/digest/cluster.ts";
import { evaluate, loadPairs } from "../tests/support/cluster-eval.ts";
import { mulberry32 } from "../tests/support/random.ts";

// As `feedwright draft` runs: with Node's compile cache, which its worker threads inherit.
enableCompileCache();

const N = Number(process.argv[2] ?? 100_000);
const WEEK_START = Date.parse("2026-11-16T00:00:00Z");
const WEEK_MS = 7 * 86_400_000;

/** Seeded, so every run clusters the same corpus. */
const rand = mulberry32(42);

/** Zipf's law (frequency ∝ 1/rank) over a vocabulary, as in natural language. */
const pick = <T>(xs: readonly T[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length ** rand()) - 1)]!;
const SYL =
  "ka to ri ne su mo la pe di vo xa qu ben tor lin mar sel dra cor vin pla ster gon fi ju zo wex hal rud bri ost em an ul ip".split(
    " ",
  );
/** `n` distinct pseudo-words of 2–4 syllables. */
function vocabulary(n: number, make: () => string): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(make());
  return [...seen];
}
const syllables = () =>
  Array.from({ length: 2 + Math.floor(rand() * 3) }, () => SYL[Math.floor(rand() * SYL.length)]).join("");
const FUNCTION_WORDS = "the a of to in and for with on at by from is as its new".split(" ");
const HEADLINE_WORDS =
  "release launches raises announces update security cloud AI Kubernetes data open source platform funding".split(
    " ",
  );
const WORDS = vocabulary(50_000, syllables);
const NAMES = vocabulary(20_000, () => {
  const w = syllables();
  return w[0]!.toUpperCase() + w.slice(1);
});
/** Chinese words of 2–3 characters from the 3,000 most used Han characters' code range. */
const HAN_WORDS = vocabulary(30_000, () =>
  Array.from({ length: 2 + Math.floor(rand() * 2) }, () =>
    String.fromCodePoint(0x4e00 + Math.floor(rand() * 3_000) * 7),
  ).join(""),
);

function english(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = rand();
    out.push(
      r < 0.3 ? pick(FUNCTION_WORDS) : r < 0.4 ? pick(HEADLINE_WORDS) : r < 0.55 ? pick(NAMES) : pick(WORDS),
    );
  }
  return out.join(" ");
}
function chinese(chars: number): string {
  let s = "";
  while (s.length < chars) s += rand() < 0.08 ? ` ${pick(NAMES)} ` : pick(HAN_WORDS);
  return s;
}
function story(zh: boolean): { title: string; summary: string } {
  return zh
    ? { title: chinese(12 + Math.floor(rand() * 14)), summary: chinese(50 + Math.floor(rand() * 60)) }
    : { title: english(6 + Math.floor(rand() * 7)), summary: english(25 + Math.floor(rand() * 20)) };
}
/** A near-duplicate: a mirror with a site suffix, or a rewrite with about a third of the words swapped. */
function variant(s: { title: string; summary: string }, zh: boolean): { title: string; summary: string } {
  if (rand() < 0.5) return { title: `${s.title} | ${pick(NAMES)} ${pick(NAMES)}`, summary: s.summary };
  const swap = (text: string) =>
    zh
      ? text.replace(/[\u4e00-\u9fff]{2}/gu, (w) => (rand() < 0.3 ? pick(HAN_WORDS) : w))
      : text
          .split(" ")
          .map((w) => (rand() < 0.33 ? pick(WORDS) : w))
          .join(" ");
  return { title: swap(s.title), summary: swap(s.summary) };
}

const entries: ClusterInput[] = [];
const truth: number[] = []; // generated cluster per entry, -1 for singletons
let clusters = 0;
while (entries.length < N) {
  const zh = rand() < 0.2;
  const base = story(zh);
  const at = WEEK_START + rand() * WEEK_MS;
  const size = rand() < 0.05 / 2.5 ? 2 + Math.floor(rand() * 3) : 1; // 2–4 copies, ~5% of entries
  for (let k = 0; k < size && entries.length < N; k++) {
    const s = k === 0 ? base : variant(base, zh);
    const published = new Date(
      Math.min(at + k * rand() * 86_400_000, WEEK_START + WEEK_MS - 1),
    ).toISOString();
    entries.push({ id: `e${entries.length}`, ...s, published, feedId: `feed${Math.floor(rand() * 500)}` });
    truth.push(size > 1 ? clusters : -1);
  }
  if (size > 1) clusters++;
}

const RUNS = Number(process.env.RUNS ?? 3);
const rssBefore = process.memoryUsage().rss;
let groups: string[][] = [];
let peakMb = 0;
/** Timed runs of one way of clustering; the parallel way goes first so the peak RSS is its own. */
async function time(run: () => string[][] | Promise<string[][]>) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    // Peak after the first run only: later runs add the previous run's uncollected garbage.
    if (peakMb === 0) peakMb = process.resourceUsage().maxRSS / 1024;
    if (groups.length > 0 && JSON.stringify(result) !== JSON.stringify(groups)) {
      throw new Error("the single-thread and parallel groups differ");
    }
    groups = result;
  }
  return { wall, cpu };
}
const parallel = await time(() => clusterStoriesParallel(entries));
const single = await time(() => clusterStories(entries));
const fmt = (xs: number[]) =>
  `min ${Math.min(...xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(", ")})`;

const index = new Map(entries.map((e, i) => [e.id, i]));
const groupOf = new Int32Array(N);
groups.forEach((g, gi) => {
  for (const id of g) groupOf[index.get(id)!] = gi;
});
const firstOf = new Map<number, number>();
let recovered = 0;
const whole = new Map<number, boolean>();
truth.forEach((c, i) => {
  if (c < 0) return;
  const g = firstOf.get(c);
  if (g === undefined) firstOf.set(c, groupOf[i]!);
  whole.set(c, (whole.get(c) ?? true) && (g === undefined || g === groupOf[i]));
});
for (const ok of whole.values()) if (ok) recovered++;
const mixed = groups.filter(
  (g) => new Set(g.map((id) => (truth[index.get(id)!]! < 0 ? id : truth[index.get(id)!]))).size > 1,
).length;

const ev = evaluate(loadPairs());
const held = evaluate(loadPairs("holdout.jsonl"));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
console.log(
  `entries: ${N} (${clusters} generated near-duplicate clusters, ${truth.filter((c) => c >= 0).length} entries)`,
);
console.log(
  `clustering, ${availableParallelism()} threads: wall time ${fmt(parallel.wall)}; CPU time ${fmt(parallel.cpu)}`,
);
console.log(`clustering, 1 thread: wall time ${fmt(single.wall)}; CPU time ${fmt(single.cpu)}`);
console.log(
  `peak RSS over the first (parallel) run ${peakMb.toFixed(0)} MB (RSS with the generated entries, before clustering: ${(rssBefore / 2 ** 20).toFixed(0)} MB)`,
);
console.log(
  `groups: ${groups.length}; generated clusters recovered whole: ${recovered}/${clusters}; groups mixing unrelated entries: ${mixed}`,
);
console.log(
  `evaluation set: ${ev.pairs} pairs, precision ${ev.precision.toFixed(3)}, recall ${ev.recall.toFixed(3)} (tp ${ev.tp}, fp ${ev.fp}, fn ${ev.fn}, tn ${ev.tn})`,
);
console.log(
  `held-out set: ${held.pairs} pairs, precision ${held.precision.toFixed(3)}, recall ${held.recall.toFixed(3)} (tp ${held.tp}, fp ${held.fp}, fn ${held.fn}, tn ${held.tn})`,
);
