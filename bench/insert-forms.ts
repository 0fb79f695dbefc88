/**
 * bench/insert-forms: three ways to send a poll's new entries and sources to PostgreSQL in one
 * statement, on the same generated batches (1,000 feeds × 25 entries of article-like HTML, quotes and
 * attributes included), eight connections at once, rounds alternated: multi-row VALUES with a
 * parameter per value (unnamed), unnest() of text array literals (prepared), unnest() of binary
 * arrays (prepared, column-arrays.ts: what feedwright uses). Prints the server's and this process's
 * CPU for each.
 * Usage: node bench/pg-cluster.ts bench/insert-forms.ts [--rounds N]   (or: … --store postgres://…)
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { columnArrays } from "../src/store/column-arrays.ts";
import { openStore } from "../src/store/db.ts";
import { ENTRY_COLUMNS } from "../src/store/entry-id.ts";
import { SOURCE_COLUMNS } from "../src/store/entry-plan.ts";
import { serverCpu } from "./server-cpu.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const URL = arg("--store", "");
const ROUNDS = Number(arg("--rounds", "3"));
if (!/^postgres(ql)?:\/\//.test(URL)) {
  console.error("usage: node bench/insert-forms.ts --store postgres://… [--rounds N] (an empty database)");
  process.exit(2);
}
await (await openStore(URL)).close(); // the schema

const FEEDS = 1000;
const PER_FEED = 25;
const words = Array.from({ length: 500 }, () => randomBytes(4).toString("hex"));
const word = () => words[Math.floor(Math.random() * words.length)];
const html = (chars: number) => {
  let s = "";
  while (s.length < chars)
    s += `<p class="body"><a href="https://example.com/${word()}">${word()}</a> <em>${word()}</em> and "${word()}"</p> `;
  return s;
};
type Row = (string | number | null)[];
const batches = Array.from({ length: FEEDS }, (_, f) =>
  Array.from({ length: PER_FEED }, (_, i) => {
    const id = `${f.toString(16).padStart(6, "0")}${i}${randomBytes(5).toString("hex")}`;
    const url = `https://example.com/${f}/${id}`;
    const at = "2026-01-02T00:00:00.000Z";
    const entry: Row = [id, `f${f}`, `g-${id}`, url, url, `Title ${id}`, html(800), html(3200), "A. Writer"];
    entry.push('["news"]', at, 0, at, `h${id}`, null);
    const source: Row = [id, `f${f}`, `g-${id}`, null, url, `Title ${id}`, at];
    return { entry, source };
  }),
);
const types = (columns: string) =>
  columns
    .split(", ")
    .map((c) => (c === "published_is_first_seen" ? "integer" : "text") as "text" | "integer");
const ET = types(ENTRY_COLUMNS);
const ST = types(SOURCE_COLUMNS);
const textArray = (values: Row) =>
  `{${values.map((v) => (v === null ? "NULL" : `"${String(v).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
const WHERE_ALL = (n: number) => `WHERE (SELECT count(*) FROM e) = $${n}`;

function statement(form: string, b: (typeof batches)[number]): pg.QueryConfig {
  const entries = b.map((x) => x.entry);
  const sources = b.map((x) => x.source);
  if (form === "values") {
    let n = 0;
    const rows = (w: number, count: number) =>
      Array.from({ length: count }, () => `(${Array.from({ length: w }, () => `$${++n}`).join(", ")})`).join(
        ", ",
      );
    const e = rows(ET.length, entries.length);
    const s = rows(ST.length, sources.length);
    return {
      text: `WITH e AS (INSERT INTO entries (${ENTRY_COLUMNS}) VALUES ${e} ON CONFLICT DO NOTHING RETURNING id),
        s AS (INSERT INTO entry_sources (${SOURCE_COLUMNS}) SELECT * FROM (VALUES ${s}) AS v ${WHERE_ALL(n + 1)} ON CONFLICT DO NOTHING)
        SELECT id FROM e`,
      values: [...entries.flat(), ...sources.flat(), entries.length],
    };
  }
  const unnest = (ts: string[], from: number) =>
    `unnest(${ts.map((t, i) => `$${from + i}::${t}[]`).join(", ")})`;
  const text = `WITH e AS (INSERT INTO entries (${ENTRY_COLUMNS}) SELECT * FROM ${unnest(ET, 1)} ON CONFLICT DO NOTHING RETURNING id),
    s AS (INSERT INTO entry_sources (${SOURCE_COLUMNS}) SELECT * FROM ${unnest(ST, ET.length + 1)} ${WHERE_ALL(ET.length + ST.length + 1)} ON CONFLICT DO NOTHING)
    SELECT id FROM e`;
  const values =
    form === "text arrays"
      ? [
          ...ET.map((_, i) => textArray(entries.map((r) => r[i]!))),
          ...ST.map((_, i) => textArray(sources.map((r) => r[i]!))),
        ]
      : [...columnArrays(entries, ET).params, ...columnArrays(sources, ST).params];
  return {
    name: form === "text arrays" ? "bench_text" : "bench_binary",
    text,
    values: [...values, entries.length],
  };
}

const meter = await serverCpu(URL);
if ("notLocal" in meter) {
  console.error(`bench/insert-forms: ${meter.notLocal}: the server's CPU is what this measures`);
  process.exit(1);
}
console.log(`bench/insert-forms: ${FEEDS} batches of ${PER_FEED} entries, 8 connections, ${ROUNDS} rounds`);
for (let round = 1; round <= ROUNDS; round++) {
  for (const form of ["values", "text arrays", "binary arrays"]) {
    const pool = new pg.Pool({ connectionString: URL, max: 8 });
    await pool.query("TRUNCATE entries, entry_sources");
    await pool.query("CHECKPOINT");
    const [server0, client0, t0] = [meter.seconds(), process.cpuUsage(), performance.now()];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = await pool.connect();
        await c.query("SET default_toast_compression = 'lz4'").catch(() => {});
        while (next < batches.length) await c.query(statement(form, batches[next++]!));
        c.release();
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const client = process.cpuUsage(client0);
    console.log(
      `round ${round}  ${form.padEnd(13)}  wall ${wall.toFixed(2)} s  server CPU ${(meter.seconds() - server0).toFixed(2)} s  client CPU ${((client.user + client.system) / 1e6).toFixed(2)} s`,
    );
    await pool.end();
  }
}
