import { expect, it } from "vitest";
import { pairRows, valueIn, valueRows } from "../../src/store/key-rows.ts";
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
});
