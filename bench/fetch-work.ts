/**
 * bench/fetch-work: what the parse workers do in bench/fetch's first pass, in one thread and without
 * the network, so that it can be compared across commits on a shared machine: each of N generated
 * feeds (fetch-corpus.ts) parsed and normalized, then stored in a fresh SQLite file on a connection
 * set up as a worker's (worker-store.ts), with a checkpoint every 16 feeds as the pool's checkpointer
 * asks. Prints the CPU time of this thread per step and round; the lowest round is the steadiest.
 * Usage: node bench/fetch-work.ts [N=1000] [--corpus realistic|plain] [--rounds 5]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseAndNormalize } from "../src/pipeline/parse-worker.ts";
import { storePoll } from "../src/pipeline/store-poll.ts";
import { ensureFeed } from "../src/store/feeds.ts";
import { openSqlite } from "../src/store/sqlite/db.ts";
import { openWorkerStore } from "../src/store/sqlite/worker-store.ts";
import { CORPORA, type Corpus, feed } from "./fetch-corpus.ts";

const option = (name: string, dflt: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv.splice(at, 2)[1]! : dflt;
};
const CORPUS = option("--corpus", "realistic") as Corpus;
const ROUNDS = Number(option("--rounds", "5"));
const N = Number(process.argv[2] ?? 1000);
const bad = !CORPORA.includes(CORPUS)
  ? `--corpus: must be one of ${CORPORA.join(", ")} (got ${JSON.stringify(CORPUS)})`
  : !(N > 0)
    ? `N: must be a positive number (got ${JSON.stringify(process.argv[2])})`
    : !(ROUNDS > 0)
      ? "--rounds: must be a positive number"
      : null;
if (bad) {
  console.error(`bench/fetch-work: ${bad}`);
  process.exit(2);
}

const hostOf = (i: number) => `127.0.0.${(i % 50) + 1}:8080`;
const bodies = Array.from({ length: N }, (_, i) => feed(CORPUS, i, hostOf(i)));
const mb = bodies.reduce((a, b) => a + b.length, 0) / 1048576;
const cpu = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Round {
  parse: number;
  store: number;
  checkpoint: number;
  entries: number;
}

async function round(): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-bench-work-"));
  const path = join(dir, "state.db");
  const main = await openSqlite(path);
  for (let i = 0; i < N; i++) await ensureFeed(main, `f${i}`, `http://${hostOf(i)}/feeds/${i}.xml`);
  const stores = openWorkerStore();
  const r: Round = { parse: 0, store: 0, checkpoint: 0, entries: 0 };
  const now = Date.UTC(2026, 0, 14, 13);
  for (let i = 0; i < N; i++) {
    const t0 = cpu();
    // A copy, as the worker gets its own bytes.
    const job = {
      bytes: new Uint8Array(bodies[i]!),
      baseUrl: `http://${hostOf(i)}/feeds/${i}.xml`,
      contentType: "application/rss+xml; charset=utf-8",
      feedId: `f${i}`,
      now,
    };
    const entries = parseAndNormalize(job);
    const t1 = cpu();
    const update = {
      lastStatus: "200",
      lastAttempt: "2026-01-14T13:00:00Z",
      lastSuccess: "2026-01-14T13:00:00Z",
    };
    const stored = await stores.use(path, (db) =>
      storePoll(db, entries, { feedId: `f${i}`, update, entriesSeen: 0 }),
    );
    const t2 = cpu();
    if (i % 16 === 15) main.sql.exec("PRAGMA wal_checkpoint(PASSIVE)");
    r.parse += t1 - t0;
    r.store += t2 - t1;
    r.checkpoint += cpu() - t2;
    r.entries += stored.inserted;
  }
  await stores.close();
  await main.close();
  rmSync(dir, { recursive: true, force: true });
  return r;
}

console.log(
  `bench/fetch-work: ${N} feeds (${CORPUS} corpus, ${mb.toFixed(1)} MB), ${ROUNDS} rounds; ${cpus().length} CPUs, ${cpus()[0]?.model}, Node ${process.version}`,
);
const rounds: Round[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const r = await round();
  rounds.push(r);
  console.log(
    `round ${k + 1}: ${r.entries} entries; CPU parse+normalize ${r.parse.toFixed(2)} s, store ${r.store.toFixed(2)} s, checkpoints ${r.checkpoint.toFixed(2)} s, total ${(r.parse + r.store + r.checkpoint).toFixed(2)} s`,
  );
}
const pick = (f: (r: Round) => number) => {
  const xs = rounds.map(f).sort((a, b) => a - b);
  return `min ${xs[0]!.toFixed(2)} median ${xs[Math.floor(xs.length / 2)]!.toFixed(2)}`;
};
console.log(
  `CPU s: parse+normalize ${pick((r) => r.parse)}; store ${pick((r) => r.store)}; checkpoints ${pick((r) => r.checkpoint)}; total ${pick((r) => r.parse + r.store + r.checkpoint)}`,
);
