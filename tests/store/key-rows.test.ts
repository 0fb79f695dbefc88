import { expect, it } from "vitest";
import { pairRows, probeUnique, valueIn, valueRows } from "../../src/store/key-rows.ts";
import { forEachEngine, openTestStore } from "../support/engines.ts";

// Keys come from feeds: anything a guid or URL can hold.
const AWKWARD = [
  "plain",
  "",
  'a "quoted" guid',
  "back\\slash\\",
  "{braces},commas",
  "NULL",
  "  spaced  ",
  "tab\tnew\nline",
  "中文 guid ✓",
  "https://example.com/a?b=1&c={2}",
];

forEachEngine("store: a batch's keys bound as a table", (engine) => {
  it("every value comes back exactly, in order", async () => {
    const db = await openTestStore(engine);
    const j = valueRows(db, AWKWARD);
    const rows = await db.all<{ v: string }>(`SELECT ${j.columns[0]} AS v FROM ${j.from}`, j.params);
    expect(rows.map((r) => r.v)).toEqual(AWKWARD);
  });

  it("pairs keep their two halves together", async () => {
    const db = await openTestStore(engine);
    const pairs = AWKWARD.map((v, i) => [`feed-${i}`, v] as const);
    const j = pairRows(db, pairs);
    const rows = await db.all<{ a: string; b: string }>(
      `SELECT ${j.columns[0]} AS a, ${j.columns[1]} AS b FROM ${j.from}`,
      j.params,
    );
    expect(rows.map((r) => [r.a, r.b])).toEqual(pairs);
  });

  it("IN matches the stored rows named, and nothing else", async () => {
    const db = await openTestStore(engine);
    await db.exec("CREATE TABLE keys_test (k TEXT PRIMARY KEY)");
    for (const k of [...AWKWARD, "other"]) await db.run("INSERT INTO keys_test (k) VALUES (?)", [k]);
    const cond = valueIn(db, "k", [...AWKWARD.slice(2, 6), "missing"]);
    const rows = await db.all<{ k: string }>(`SELECT k FROM keys_test WHERE ${cond.sql}`, cond.params);
    expect(rows.map((r) => r.k).sort()).toEqual(AWKWARD.slice(2, 6).sort());
    const none = valueIn(db, "k", []);
    expect(await db.all(`SELECT k FROM keys_test WHERE ${none.sql}`, none.params)).toEqual([]);
  });

  it("probing a unique key finds each named row once, and nothing for unknown keys", async () => {
    const db = await openTestStore(engine);
    await db.exec("CREATE TABLE pairs_test (f TEXT NOT NULL, g TEXT, v TEXT NOT NULL)");
    await db.exec("CREATE UNIQUE INDEX pairs_test_fg ON pairs_test (f, g) WHERE g IS NOT NULL");
    for (const [i, g] of AWKWARD.entries())
      await db.run("INSERT INTO pairs_test (f, g, v) VALUES (?, ?, ?)", [`feed-${i % 2}`, g, `v${i}`]);
    await db.run("INSERT INTO pairs_test (f, g, v) VALUES (?, NULL, ?)", ["feed-0", "no guid"]);
    const keys = [
      ["feed-0", AWKWARD[0]!],
      ["feed-1", AWKWARD[3]!],
      ["feed-0", AWKWARD[3]!], // the guid is feed-1's, not feed-0's
      ["feed-0", AWKWARD[8]!],
      ["feed-9", AWKWARD[8]!],
    ] as const;
    const p = probeUnique(
      db,
      pairRows(db, keys),
      "pairs_test",
      "t",
      ["f", "g"],
      "t.f AS f, t.g AS g, t.v AS v",
    );
    const rows = await db.all<{ f: string; g: string; v: string }>(p.sql, p.params);
    expect(rows.map((r) => [r.f, r.g, r.v]).sort()).toEqual(
      [
        ["feed-0", AWKWARD[0], "v0"],
        ["feed-1", AWKWARD[3], "v3"],
        ["feed-0", AWKWARD[8], "v8"],
      ].sort(),
    );
  });
});
