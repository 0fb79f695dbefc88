/**
 * bench/summarize: 20 selected items against a local fake OpenAI-compatible server that answers
 * after 500 ms. Wall time of a draft with machine summaries at `concurrency: 2` (cold cache), of a
 * fully cached re-draft, and of the same draft without `llm`; in-process (the pipeline alone) and
 * as `node src/cli.ts draft` child processes (what a user waits for).
 *
 *   node bench/summarize.ts [--items 20] [--delay 500] [--runs 21]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { HttpResponse, http } from "msw";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { prepareView } from "../src/pipeline/draft.ts";
import { createSummarizer } from "../src/pipeline/summarize/enrich.ts";
import { refreshFeeds, writeDraft } from "../src/pipeline.ts";
import { openStore } from "../src/store/db.ts";
import { goodAnswer, startFakeModel } from "../tests/llm/fake-model.ts";
import { rss } from "../tests/llm/harness.ts";
import { startFeedServer } from "../tests/support/feed-server.ts";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "20" },
    delay: { type: "string", default: "500" },
    runs: { type: "string", default: "21" },
  },
});
const ITEMS = Number(values.items);
const DELAY = Number(values.delay);
const RUNS = Number(values.runs);
const CONCURRENCY = 2;

const articles = Array.from({ length: ITEMS }, (_, i) => ({
  title: `Kubernetes operator story ${i + 1}`,
  slug: `story-${i + 1}`,
  html: `<p>Story ${i + 1}: the Kubernetes operator pattern, explained for cluster admins.</p><p>${"Operators reconcile state. ".repeat(40)}</p>`,
  day: `Wed, 14 Jan 2026 ${String(Math.floor(i / 2)).padStart(2, "0")}:${String((i % 2) * 30).padStart(2, "0")}:00 +0000`,
}));
const feedBody = rss(articles);
const feeds = await startFeedServer([
  http.get(
    "*/feed.xml",
    () => new HttpResponse(feedBody, { headers: { "content-type": "application/rss+xml" } }),
  ),
]);
const model = await startFakeModel((req, n) => ({ ...goodAnswer(req, n), delayMs: DELAY }));

const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-summarize-"));
const yaml = (llm: boolean) => `store: state.db
feeds:
  - { id: news, url: ${feeds.url}/feed.xml }
${llm ? `llm: { baseUrl: ${model.baseUrl}, model: bench-model, concurrency: ${CONCURRENCY}, requestsPerMinute: 600, timeout: 30s }` : ""}
digests:
  - { id: weekly, title: 云原生技术动态, language: zh-CN, summaries: llm, maxItems: ${ITEMS}, window: 7d }
`;
writeFileSync(join(dir, "llm.yaml"), yaml(true));
writeFileSync(join(dir, "plain.yaml"), yaml(false));
const withLlm = loadConfig(join(dir, "llm.yaml"));
const plain = loadConfig(join(dir, "plain.yaml"));
const now = new Date("2026-01-15T10:00:00Z");
const DATE = "2026-01-15";

const db = await openStore(withLlm.store);
await refreshFeeds(withLlm, db, { log: createLogger({ level: "silent" }), now: () => now });
const digest = withLlm.digests[0]!;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function draftOnce(llm: boolean, clearCache: boolean): Promise<{ ms: number; calls: number }> {
  if (clearCache) await db.exec("DELETE FROM summaries");
  const before = model.chats.length;
  const s = llm ? createSummarizer({ config: withLlm, db, now }) : null;
  const t0 = process.hrtime.bigint();
  const out = await writeDraft(llm ? withLlm : plain, db, digest, DATE, {
    now,
    force: true,
    enrich: s?.enrich,
  });
  const t = ms(t0);
  await s?.close();
  if (out.draft.view.items.length !== ITEMS)
    throw new Error(`expected ${ITEMS} items, got ${out.draft.view.items.length}`);
  return { ms: t, calls: model.chats.length - before };
}

const series = async (llm: boolean, clear: boolean, runs: number) => {
  const r: { ms: number; calls: number }[] = [];
  for (let i = 0; i < runs; i++) r.push(await draftOnce(llm, clear));
  return { ms: median(r.map((x) => x.ms)), calls: r[0]!.calls };
};

await draftOnce(false, false); // warm-up: module loading, statement preparation
const cold = await series(true, true, Math.max(1, Math.ceil(RUNS / 2)));
// Warm both paths (JIT) before measuring, then interleave, so load from other processes hits both alike.
for (let i = 0; i < 5; i++) {
  await draftOnce(false, false);
  await draftOnce(true, false);
}
const baseRuns: number[] = [];
const cachedRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  baseRuns.push((await draftOnce(false, false)).ms);
  cachedRuns.push((await draftOnce(true, false)).ms);
}
const base = { ms: median(baseRuns) };
const cached = { ms: median(cachedRuns), calls: (await draftOnce(true, false)).calls };
// The enricher alone on a full cache: what a cached re-draft adds, without the noise of rendering and writing.
const alone: number[] = [];
const offline = createSummarizer({ config: withLlm, db, now, noLlm: true })!;
for (let i = 0; i < 101; i++) {
  const { view, selection } = await prepareView(withLlm, db, digest, DATE);
  const t0 = process.hrtime.bigint();
  await offline.enrich(view, selection, digest);
  alone.push(ms(t0));
}
await offline.close();
await db.close();

const cli = (config: string, extra: string[] = []) => {
  const t0 = process.hrtime.bigint();
  execFileSync(
    process.execPath,
    ["src/cli.ts", "draft", "--config", join(dir, config), "--force", ...extra],
    {
      env: { ...process.env, FEEDWRIGHT_NOW: now.toISOString(), FEEDWRIGHT_LOG_LEVEL: "silent" },
      stdio: ["ignore", "ignore", "pipe"], // a failure shows its stderr
    },
  );
  return ms(t0);
};
const cliPlainRuns: number[] = [];
const cliCachedRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  cliPlainRuns.push(cli("plain.yaml"));
  cliCachedRuns.push(cli("llm.yaml"));
}
const cliPlain = median(cliPlainRuns);
const cliCached = median(cliCachedRuns);

await feeds.close();
await model.close();
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(dir);

const rounds = Math.ceil(ITEMS / CONCURRENCY);
const ideal = rounds * DELAY;
const f = (x: number) => x.toFixed(1);
console.log(`items ${ITEMS}, model delay ${DELAY} ms, concurrency ${CONCURRENCY}, runs ${RUNS} (medians)`);
console.log(`draft without llm (in-process):            ${f(base.ms)} ms`);
console.log(
  `draft, cold cache (in-process):            ${f(cold.ms)} ms, ${cold.calls} calls (${ITEMS} items + 1 intro)`,
);
console.log(
  `  goal: <= 1.2 x (${rounds} x ${DELAY} ms) + drafting = ${f(1.2 * ideal + base.ms)} ms; ratio to ${ideal} ms + drafting: ${(cold.ms / (ideal + base.ms)).toFixed(3)}`,
);
console.log(
  `draft, fully cached (in-process):          ${f(cached.ms)} ms, ${cached.calls} calls; vs without llm: ${((cached.ms / base.ms - 1) * 100).toFixed(1)}% (+${f(cached.ms - base.ms)} ms)`,
);
console.log(`cached enricher alone (20 items + intro):  ${median(alone).toFixed(2)} ms`);
console.log(`feedwright draft without llm (CLI):        ${f(cliPlain)} ms`);
console.log(
  `feedwright draft, fully cached (CLI):      ${f(cliCached)} ms; vs without llm: ${((cliCached / cliPlain - 1) * 100).toFixed(1)}%`,
);
