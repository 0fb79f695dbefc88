/**
 * Hostile-shape benchmark: `node bench/hostile.ts [--mb 10 | --mb 5,20] [--rounds 1] [--only name,name]`.
 * Builds one document per shape (about --mb MB each: escaped tags, real nested or sibling tags,
 * tiny entries, one giant text node, deep nesting, huge attributes, many categories, and a benign
 * feed for comparison), then parses each with parseFeed + normalizeFeed in its own child process
 * and prints time and peak RSS (with several sizes, the slope: MB of RSS per MB of body, the
 * memory a document costs beyond a fixed overhead). Peak RSS includes Node itself
 * (about 45 MB for an empty script) and the body and its decoded text held in memory.
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { isAppError } from "../src/errors.ts";
import { parseFeed } from "../src/reader/formats/parse.ts";
import { normalizeFeed } from "../src/reader/normalize.ts";
import type { NormalizedEntry } from "../src/types.ts";

const ATOM = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">';
const RSS =
  '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>';
const ENTRY = "<entry><id>tag:x,2026:1</id><title>hostile</title><updated>2026-01-15T10:00:00Z</updated>";

/** `unit` repeated to about `bytes` bytes. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

/** Each shape: a document of about `bytes` bytes. */
export const SHAPES: Record<string, (bytes: number) => string> = {
  benign: (bytes) => {
    const item = (i: number) =>
      `<item><title>Release ${i} of the cluster operator</title><link>https://blog.example/p/${i}</link><guid>p-${i}</guid><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><category>Cloud</category><description><![CDATA[<p>${"The scheduler now places pods on nodes with spare capacity. ".repeat(20)}<a href="/more/${i}">more</a></p><ul><li>one</li><li>two</li></ul>]]></description></item>`;
    const parts = [RSS];
    let size = RSS.length;
    for (let i = 0; size < bytes; i++) {
      const s = item(i);
      parts.push(s);
      size += s.length;
    }
    return `${parts.join("")}</channel></rss>`;
  },
  "atom-xhtml-escaped-tags": (bytes) =>
    `${ATOM}${ENTRY}<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${fill("&lt;b&gt;", bytes)}</div></summary></entry></feed>`,
  "atom-html-escaped-tags": (bytes) =>
    `${ATOM}${ENTRY}<content type="html">${fill("&lt;b&gt;", bytes)}</content></entry></feed>`,
  "atom-xhtml-nested-tags": (bytes) =>
    `${ATOM}${ENTRY}<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${fill("<b>", bytes / 2)}x${fill("</b>", bytes / 2)}</div></content></entry></feed>`,
  "atom-xhtml-sibling-tags": (bytes) =>
    `${ATOM}${ENTRY}<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${fill("<b>x</b>", bytes)}</div></content></entry></feed>`,
  "rss-cdata-sibling-tags": (bytes) =>
    `${RSS}<item><title>t</title><content:encoded><![CDATA[${fill("<b>x</b>", bytes)}]]></content:encoded></item></channel></rss>`,
  "rss-cdata-nested-tags": (bytes) =>
    `${RSS}<item><title>t</title><content:encoded><![CDATA[${fill("<b>", bytes / 2)}x${fill("</b>", bytes / 2)}]]></content:encoded></item></channel></rss>`,
  "rss-escaped-entities": (bytes) =>
    `${RSS}<item><title>t</title><description>${fill("&amp;amp;", bytes)}</description></item></channel></rss>`,
  "rss-tiny-entries": (bytes) => `${RSS}${fill("<item><title>t</title></item>", bytes)}</channel></rss>`,
  "rss-giant-text": (bytes) =>
    `${RSS}<item><title>t</title><description>${fill("lorem ipsum dolor sit amet ", bytes)}</description></item></channel></rss>`,
  "rss-giant-title": (bytes) =>
    `${RSS}<item><title>${fill("lorem ipsum dolor sit amet ", bytes)}</title></item></channel></rss>`,
  "xml-deep-nesting": (bytes) => `${RSS}<item><title>t</title>${fill("<x>", bytes)}</item></channel></rss>`,
  "xml-sibling-elements": (bytes) =>
    `${RSS}<item><title>t</title>${fill("<x/>", bytes)}</item></channel></rss>`,
  "huge-attribute": (bytes) =>
    `${ATOM}${ENTRY}<link rel="alternate" href="https://x.example/${"a".repeat(bytes)}"/></entry></feed>`,
  "many-categories": (bytes) =>
    `${RSS}<item><title>t</title>${fill("<category>cat</category>", bytes)}</item></channel></rss>`,
  "rss-cdata-text-runs": (bytes) =>
    `${RSS}<item><title>t</title><description>${fill("<![CDATA[x]]>y", bytes)}</description></item></channel></rss>`,
  "rss-comment-split-text": (bytes) =>
    `${RSS}<item><title>t</title><description>${fill("x<!---->", bytes)}</description></item></channel></rss>`,
  "json-array-flood": (bytes) =>
    `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","_x":[${fill("[],", bytes)}[]]}]}`,
  "many-attributes": (bytes) =>
    `${RSS}<item><title>t</title><x ${fill('a="b" ', bytes)}/></item></channel></rss>`,
};

interface Result {
  shape: string;
  bytes: number;
  entries: number;
  seconds: number;
  maxRssMb: number;
  /** The error code when the document was refused (a PARSE failure for its feed). */
  refused?: string | undefined;
  /** Longest summary and content kept, in characters. */
  summary: number;
  content: number;
}

function worker(shape: string, mb: number): void {
  const bytes = Buffer.from(SHAPES[shape]!(mb * 1e6));
  const start = performance.now();
  let entries: NormalizedEntry[] = [];
  let refused: string | undefined;
  try {
    const feed = parseFeed(bytes, { baseUrl: "https://blog.example/feed" });
    entries = normalizeFeed(feed, { feedId: "x", now: new Date("2026-01-16T00:00:00Z") });
  } catch (err) {
    // A document refused as bad input is an outcome too: its cost is still measured.
    if (!isAppError(err)) throw err;
    refused = err.code;
  }
  const seconds = (performance.now() - start) / 1000;
  const longest = (f: (e: (typeof entries)[number]) => number) =>
    entries.reduce((n, e) => Math.max(n, f(e)), 0);
  const result: Result = {
    shape,
    bytes: bytes.length,
    entries: entries.length,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    summary: longest((e) => e.summary.length),
    content: longest((e) => e.contentHtml.length),
    refused,
  };
  process.stdout.write(JSON.stringify(result));
}

function runWorker(shape: string, mb: number, rounds: number): Result | string {
  let best: Result | null = null;
  let failure = "";
  for (let r = 0; r < rounds; r++) {
    const run = spawnSync(process.execPath, [import.meta.filename, "--worker", shape, String(mb)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (run.status !== 0)
      failure = /heap out of memory/.test(run.stderr) ? "out of memory" : `exit ${run.status}`;
    else {
      const res = JSON.parse(run.stdout) as Result;
      if (!best || res.maxRssMb < best.maxRssMb) best = res;
    }
  }
  return best ?? failure;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  // Several sizes (--mb 5,20) also give the slope: MB of peak RSS per MB of body.
  const sizes = (opt("--mb") ?? "10").split(",").map(Number);
  const rounds = Number(opt("--rounds")) || 1;
  const only = opt("--only")?.split(",");
  const empty = spawnSync(
    process.execPath,
    ["-e", "process.stdout.write(String(process.resourceUsage().maxRSS))"],
    {
      encoding: "utf8",
    },
  );
  console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(
    `empty node process: ${(Number(empty.stdout) / 1024).toFixed(0)} MB peak RSS; lowest of ${rounds}`,
  );
  const perSize = sizes.map((mb) => `${mb} MB: s | ${mb} MB: peak RSS (MB)`).join(" | ");
  const slope = sizes.length > 1 ? " RSS slope |" : "";
  console.log(`\n| shape | entries | ${perSize} |${slope} summary chars | content chars |`);
  console.log(
    `|---|---:|${sizes.map(() => "---:|---:|").join("")}${sizes.length > 1 ? "---:|" : ""}---:|---:|`,
  );
  for (const shape of Object.keys(SHAPES)) {
    if (only && !only.includes(shape)) continue;
    const results = sizes.map((mb) => runWorker(shape, mb, rounds));
    const cells = results.map((r) =>
      typeof r === "string" ? `| ${r}` : `${r.seconds.toFixed(2)} | ${r.maxRssMb.toFixed(0)}`,
    );
    const ok = results.filter((r): r is Result => typeof r !== "string");
    const last = ok.at(-1);
    const first = ok[0];
    const rise =
      sizes.length > 1 && first && last && first !== last
        ? ` ${((last.maxRssMb - first.maxRssMb) / ((last.bytes - first.bytes) / 2 ** 20)).toFixed(1)} |`
        : sizes.length > 1
          ? " |"
          : "";
    console.log(
      `| ${shape} | ${last?.refused ? `refused (${last.refused})` : (last?.entries ?? "")} | ${cells.join(" | ")} |${rise} ${last?.summary ?? ""} | ${last?.content ?? ""} |`,
    );
  }
}

// Run only as a script: tests and scratch scripts may import SHAPES.
if (process.argv[1] === import.meta.filename) {
  const at = process.argv.indexOf("--worker");
  if (at >= 0) worker(process.argv[at + 1]!, Number(process.argv[at + 2]));
  else main();
}
