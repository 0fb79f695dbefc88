/**
 * bench/draft: a store of N entries (default 1,000,000: 30% exact duplicates by canonical URL,
 * 5% near-duplicate stories, 20% Chinese) — ingest/dedupe throughput, selection time over the
 * full store, and the median wall time of `feedwright draft` for a 200-item digest including
 * process start.
 *
 *   node bench/draft.ts [--entries 1000000] [--runs 5] [--keep DIR] [--store postgres://…]
 *
 * --store names an empty PostgreSQL database to use instead of a SQLite file in the temp folder;
 * the server's own CPU for each phase is printed too (bench/pg-cluster.ts starts a throwaway one).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { prepareView } from "../src/pipeline/draft.ts";
import { openStore } from "../src/store/db.ts";
import { countEntries, upsertEntries } from "../src/store/entries.ts";
import type { NormalizedEntry } from "../src/types.ts";
import { serverCpu, serverCpuText } from "./server-cpu.ts";

const { values } = parseArgs({
  options: {
    entries: { type: "string", default: "1000000" },
    runs: { type: "string", default: "5" },
    keep: { type: "string" },
    store: { type: "string" },
  },
});
const N = Number(values.entries);
const RUNS = Number(values.runs);
const FEEDS = 200;
const DAYS = 365;
const END = Date.parse("2026-01-16T00:00:00Z");

const EN = [
  "Kubernetes",
  "cluster",
  "release",
  "security",
  "operator",
  "GPU",
  "edge",
  "scheduler",
  "storage",
  "network",
  "policy",
  "cloud",
  "sovereign",
  "AI",
  "observability",
  "mesh",
  "runtime",
  "CVE",
  "patch",
  "upgrade",
];
const ZH = [
  "云原生",
  "集群",
  "发布",
  "安全",
  "漏洞",
  "调度",
  "边缘计算",
  "主权",
  "人工智能",
  "存储",
  "网络",
  "可观测性",
  "升级",
  "容器",
  "运行时",
];

let seed = 42;
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

function makeEntry(i: number): NormalizedEntry {
  const feedId = `feed-${i % FEEDS}`;
  const zh = rnd() < 0.2;
  const words = Array.from({ length: 6 + Math.floor(rnd() * 6) }, () => pick(zh ? ZH : EN));
  const title = `${words.join(zh ? "" : " ")} ${i}`;
  const published = new Date(END - Math.floor(rnd() * DAYS * 86_400_000))
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const url = `https://site-${i % FEEDS}.example/${i}`;
  return {
    feedId,
    guid: url,
    url,
    link: url,
    title,
    summary: `${title}. ${words.reverse().join(zh ? "，" : " ")}.`,
    contentHtml: `<p>${title}</p>`,
    author: null,
    categories: [],
    published,
    firstSeen: published,
    contentHash: String(i),
    language: zh ? "zh-CN" : "en",
    fallbackKey: null,
  };
}

const dir = values.keep ?? mkdtempSync(join(tmpdir(), "feedwright-bench-draft-"));
const config = join(dir, "feeds.yaml");
writeFileSync(
  config,
  [
    `store: ${JSON.stringify(values.store ?? "state.db")}`,
    "timezone: UTC",
    // Drafting itself is measured here; full text (its requests) has bench/full-text.ts.
    "fetch: { fullText: never }",
    "feeds:",
    ...Array.from(
      { length: FEEDS },
      (_, f) => `  - { id: feed-${f}, url: "https://site-${f}.example/feed.xml" }`,
    ),
    "tags:",
    "  security: [security, CVE, 安全, 漏洞]",
    "digests:",
    '  - { id: big, title: Big digest, window: 7d, maxItems: 200, output: "out/{date}.md" }',
  ].join("\n"),
);

// PostgreSQL's own CPU per phase, when the store is a server on this machine.
const server = values.store ? await serverCpu(values.store) : null;
const serverMark = () => (server && "seconds" in server ? server.seconds() : 0);
const serverSince = (from: number) => (server ? `; ${serverCpuText(server, from)}` : "");
const db = await openStore(values.store ?? join(dir, "state.db"));
let mark = serverMark();
const t0 = performance.now();
let stored = 0;
const batch: NormalizedEntry[] = [];
for (let i = 0; stored < N; i++) {
  const e = makeEntry(i);
  batch.push(e);
  stored++;
  const r = rnd();
  // 30% exact duplicates: the same canonical URL reported again by another feed.
  if (r < 0.3 && stored < N) {
    batch.push({
      ...e,
      feedId: `feed-${(i + 7) % FEEDS}`,
      guid: `${e.url}#mirror`,
      title: `${e.title} | Mirror`,
    });
    stored++;
  } else if (r < 0.35 && stored < N) {
    // 5% near duplicates: another outlet's rewrite of the same story, a different URL.
    batch.push({
      ...e,
      feedId: `feed-${(i + 13) % FEEDS}`,
      guid: null,
      url: `${e.url}-rewrite`,
      link: `${e.url}-rewrite`,
      title: `${e.title} - Wire`,
    });
    stored++;
  }
  if (batch.length >= 2000) {
    await upsertEntries(db, batch);
    batch.length = 0;
  }
}
await upsertEntries(db, batch);
const ingestMs = performance.now() - t0;
const rows = await countEntries(db);
await db.close();
const ingestServer = serverSince(mark);

const cfg = loadConfig(config);
const db2 = await openStore(cfg.store);
const selTimes: number[] = [];
let selected = 0;
mark = serverMark();
for (let r = 0; r < RUNS; r++) {
  const s = performance.now();
  const { view } = await prepareView(cfg, db2, cfg.digests[0]!, "2026-01-15");
  selTimes.push(performance.now() - s);
  selected = view.items.length;
}
await db2.close();
const selServer = serverSince(mark);

const cli = join(import.meta.dirname, "../src/cli.ts");
const runs: number[] = [];
mark = serverMark();
for (let r = 0; r < RUNS; r++) {
  const s = performance.now();
  execFileSync(
    process.execPath,
    [cli, "draft", "--config", config, "--date", "2026-01-15", "--force", "--log-level", "warn"],
    { stdio: "pipe" },
  );
  runs.push(performance.now() - s);
}
const draftServer = serverSince(mark);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

console.log(
  `entries offered:        ${stored.toLocaleString()} (${rows.toLocaleString()} stored after exact dedupe)`,
);
console.log(
  `ingest + dedupe:        ${(ingestMs / 1000).toFixed(1)} s = ${Math.round(stored / (ingestMs / 1000)).toLocaleString()} entries/s${ingestServer}`,
);
console.log(
  `selection (in-process): median ${median(selTimes).toFixed(0)} ms over ${RUNS} runs (${selected} items selected from a 7-day window)${selServer}`,
);
console.log(
  `draft (CLI, 200 items): median ${median(runs).toFixed(0)} ms over ${RUNS} runs, including process start${draftServer}`,
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
