/**
 * `feedwright store copy`: SQLite → PostgreSQL → SQLite, through the CLI, with a real draft: a
 * re-draft after each copy is byte-identical, an editor's deletions are still recognized, the
 * source is untouched, a non-empty target is refused unless --force; an interrupted copy resumes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readItemMarkers } from "../../src/digest/edits.ts";
import { copyStore } from "../../src/store/copy.ts";
import { COPY_TABLES } from "../../src/store/copy-tables.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { entriesBetween } from "../../src/store/entries.ts";
import { runCli, tempConfig } from "../support/cli.ts";
import { newPostgresDatabase, newStore, postgresAdmin } from "../support/engines.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { makeStore } from "../support/store.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/feeds", name));
const rss = (name: string) => () =>
  new HttpResponse(fixture(name), { headers: { "content-type": "application/rss+xml; charset=utf-8" } });

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/k8s.xml", rss("kubernetes.xml")),
    http.get("*/cw.xml", rss("computerweekly.xml")),
  ]);
});
afterAll(() => server.close());

const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00+08:00" };
const config = (base: string) => `
timezone: Asia/Shanghai
feeds:
  - { id: kubernetes-blog, title: Kubernetes Blog, url: "${base}/k8s.xml", tags: [kubernetes] }
  - { id: computerweekly, title: Computer Weekly, url: "${base}/cw.xml" }
digests:
  - { id: weekly, title: Weekly, output: "drafts/{date}-weekly.md", window: 7d, maxItems: 20 }
`;

/** Every row of every table, for comparing two stores (or one store before and after). */
async function dump(location: string): Promise<Record<string, unknown[]>> {
  const db = await openStore(location);
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of COPY_TABLES) {
      const rows = await db.all<Record<string, unknown>>(
        `SELECT ${t.columns.join(", ")} FROM ${t.name} ORDER BY ${t.key.join(", ")}`,
      );
      // Bytes compare as byte lists (pg gives a Buffer, node:sqlite a Uint8Array).
      const plain = (r: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? Array.from(v) : v]),
        );
      out[t.name] = rows.map((r) => JSON.stringify(plain(r)));
    }
    return out;
  } finally {
    await db.close();
  }
}

const admin = postgresAdmin();

describe.skipIf(!admin)("store copy between SQLite and PostgreSQL", () => {
  it("both ways: re-drafts are byte-identical, an editor's deletions still recognized, the source untouched", async () => {
    const { dir, config: path } = tempConfig(config(server.url));
    const sqlite = join(dir, ".feedwright/state.db");
    const draftFile = join(dir, "drafts/2026-01-15-weekly.md");
    expect((await runCli(["run", "--config", path], { env: NOW })).code).toBe(0);
    const drafted = readFileSync(draftFile, "utf8");
    expect(readItemMarkers(drafted).length).toBeGreaterThan(2);
    const before = await dump(sqlite);

    const pg = await newPostgresDatabase();
    const copied = await runCli(["store", "copy", "--config", path, "--to", pg], { env: NOW });
    expect(copied.stderr).toBe("");
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^entries\s+\d+$/m);
    expect(copied.stdout).toContain("row counts verified");
    expect(copied.stdout).not.toContain(new URL(pg).password);
    expect(await dump(sqlite)).toEqual(before); // the source is only read
    expect(await dump(pg)).toEqual(before);

    // A re-draft against PostgreSQL writes the very same bytes.
    const onPg = { ...NOW, FEEDWRIGHT_STORE: pg };
    const again = await runCli(["draft", "--config", path, "--date", "2026-01-15"], { env: onPg });
    expect(again.code).toBe(0);
    expect(readFileSync(draftFile, "utf8")).toBe(drafted);

    // The editor deletes the first item: PostgreSQL knows what feedwright wrote, so the edit is kept.
    const [first, ...others] = readItemMarkers(drafted);
    writeFileSync(draftFile, drafted.replace(`<!-- feedwright:item ${first} -->`, ""));
    const kept = await runCli(["draft", "--config", path, "--date", "2026-01-15"], { env: onPg });
    expect(kept.code).toBe(0);
    expect(readItemMarkers(readFileSync(draftFile.replace(/\.md$/, ".new.md"), "utf8"))).toEqual(others);

    // And back into a new SQLite file: the same rows, the same recognition.
    const back = await newStore("sqlite");
    const home = await runCli(["store", "copy", "--config", path, "--from", pg, "--to", back], { env: NOW });
    expect(home.code).toBe(0);
    const pgNow = await dump(pg);
    expect(await dump(back)).toEqual(pgNow);
    const onBack = { ...NOW, FEEDWRIGHT_STORE: back };
    writeFileSync(draftFile, drafted);
    expect((await runCli(["draft", "--config", path, "--date", "2026-01-15"], { env: onBack })).code).toBe(0);
    expect(readFileSync(draftFile, "utf8")).toBe(drafted);

    // A target that holds data is refused, unless --force.
    const refused = await runCli(["store", "copy", "--config", path, "--to", pg], { env: NOW });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the target store is not empty \(\d+ rows\)/);
    expect(await dump(pg)).toEqual(pgNow);
    const forced = await runCli(["store", "copy", "--config", path, "--to", pg, "--force"], { env: NOW });
    expect(forced.code).toBe(0);
  });

  it("an interrupted copy is resumed by running it again, and ends complete", async () => {
    const entries = Array.from({ length: 120 }, (_, i) => ({
      feedId: `f${i % 7}`,
      title: `Story number ${i}`,
      published: `2026-01-${String(1 + (i % 28)).padStart(2, "0")}T08:00:00Z`,
    }));
    const feeds = [0, 1, 2, 3, 4, 5, 6].map((i) => `  - { id: f${i}, url: "https://example.com/${i}.xml" }`);
    const src = await makeStore("sqlite", `feeds:\n${feeds.join("\n")}\n`, entries);
    const pg = await newPostgresDatabase();
    let target: Db = await openStore(pg);
    const stop = new AbortController();
    let batches = 0;
    await expect(
      copyStore(src.db, target, {
        force: false,
        now: new Date(),
        batch: 10,
        signal: stop.signal,
        onProgress: (table) => {
          if (table === "entries" && ++batches === 4) stop.abort();
        },
      }),
    ).rejects.toThrow("store copy interrupted");
    const partial = (await target.get<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM entries"))!
      .n;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(120);
    await target.close();

    // Run again as a user would: no --force needed, the copy picks up where it stopped.
    const resumed = await runCli(["store", "copy", "--from", src.config.store, "--to", pg, "--batch", "10"], {
      cwd: src.dir,
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    target = await openStore(pg);
    try {
      const all = ["2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"] as const;
      expect(await entriesBetween(target, ...all)).toEqual(await entriesBetween(src.db, ...all));
    } finally {
      await target.close();
      await src.db.close();
    }
  });
});
