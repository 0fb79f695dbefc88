/**
 * Article-extraction benchmark: `node bench/extract.ts [--shared DIR] [--dump DIR] [--worst N] [--direct] [--young-mb N]`.
 * Runs the extractor over the 181 pages of ../shared/extraction (Zyte's article-extraction
 * benchmark) the way drafts do, on its own thread with its memory cap (src/reader/article/extractor.ts;
 * --direct calls extractArticle() on the main thread instead, --young-mb sets the thread's young generation), scores the plain text exactly as the set's README says (the
 * scorer reproduces reference-outputs/ to four decimals: bench/extract-score.ts), and prints
 * precision, recall, F1, accuracy, the time (gunzip of each page included, and shown) and peak RSS. --dump writes each page's text; --worst lists the pages with the lowest F1.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { extractArticle } from "../src/reader/article/extract.ts";
import { createExtractor } from "../src/reader/article/extractor.ts";
import { type PageScore, scorePage, totals } from "./extract-score.ts";

const { values } = parseArgs({
  options: {
    shared: { type: "string", default: join(import.meta.dirname, "../../shared") },
    dump: { type: "string" },
    worst: { type: "string", default: "0" },
    direct: { type: "boolean", default: false },
    "young-mb": { type: "string" },
  },
});
const dir = join(values.shared, "extraction");
const truth: Record<string, { articleBody: string; url: string }> = JSON.parse(
  readFileSync(join(dir, "ground-truth.json"), "utf8"),
);
// Pages stay gzipped until their turn: holding all 31 MB of decoded pages would count in peak RSS.
const pages = readdirSync(join(dir, "html"))
  .filter((f) => f.endsWith(".html.gz"))
  .map((f) => ({ id: f.slice(0, -".html.gz".length), gz: readFileSync(join(dir, "html", f)) }));

const youngMb = values["young-mb"] === undefined ? undefined : Number(values["young-mb"]);
const extractor = values.direct ? null : createExtractor({ youngMb });
const extract = async (html: string, url: string) =>
  extractor ? extractor.extract(html, { url }) : extractArticle(html, { url });
const outputs = new Map<string, string>();
let failures = 0;
let gunzipMs = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const page of pages) {
  const g0 = performance.now();
  const html = gunzipSync(page.gz).toString("utf8");
  gunzipMs += performance.now() - g0;
  try {
    outputs.set(
      page.id,
      (await extract(html, truth[page.id]?.url ?? "https://example.invalid/"))?.text ?? "",
    );
  } catch (e) {
    failures++;
    outputs.set(page.id, "");
    console.error(`${page.id}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await extractor?.close();

const scores: Array<PageScore & { id: string }> = Object.keys(truth).map((id) => ({
  id,
  ...scorePage(truth[id]!.articleBody, outputs.get(id) ?? ""),
}));
const t = totals(scores);
const f = (x: number) => x.toFixed(4);
console.log(`pages ${t.pages}, failures ${failures}`);
console.log(`precision ${f(t.precision)}  recall ${f(t.recall)}  F1 ${f(t.f1)}  accuracy ${f(t.accuracy)}`);
console.log(
  `time ${seconds.toFixed(2)} s wall (${(gunzipMs / 1000).toFixed(2)} s of it gunzip), ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);

const worst = Number(values.worst);
if (worst > 0) {
  const pageF1 = (s: PageScore) => (s.tp === 0 ? 0 : (2 * s.tp) / (2 * s.tp + s.fp + s.fn));
  for (const s of [...scores].sort((a, b) => pageF1(a) - pageF1(b)).slice(0, worst)) {
    console.log(
      `${pageF1(s).toFixed(3)} tp ${s.tp.toFixed(2)} fp ${s.fp.toFixed(2)} fn ${s.fn.toFixed(2)} ${s.id.slice(0, 12)}`,
    );
  }
}
if (values.dump) {
  mkdirSync(values.dump, { recursive: true });
  for (const [id, text] of outputs) writeFileSync(join(values.dump, `${id}.txt`), text);
}
