/**
 * PostgreSQL transactions send BEGIN with their first statement, its values inlined as literals
 * (one round trip less): what that statement stores is exact, and a failure anywhere rolls back all.
 */
import { expect, it } from "vitest";
import { openTestStore, postgresAdmin } from "../../support/engines.ts";

const AWKWARD = 'it\'s a "test"? \\ back\\slash, 中文, $1 ?? done';

it.runIf(postgresAdmin())("a transaction's first statement stores its values exactly", async () => {
  const db = await openTestStore("postgres");
  await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT, n INTEGER, b BYTEA)");
  const bytes = new Uint8Array([0, 1, 254, 255, 63]);
  await db.tx(async (q) => {
    await q.run("INSERT INTO t (k, v, n, b) VALUES (?, ?, ?, ?)", ["first", AWKWARD, 42, bytes]);
    await q.run("INSERT INTO t (k, v, n, b) VALUES (?, ?, ?, ?)", ["second", AWKWARD, -7, null]);
  });
  const rows = await db.all<{ k: string; v: string; n: number; b: Uint8Array | null }>(
    "SELECT k, v, n, b FROM t ORDER BY k",
  );
  expect(rows.map((r) => [r.k, r.v, r.n, r.b ? [...r.b] : null])).toEqual([
    ["first", AWKWARD, 42, [...bytes]],
    ["second", AWKWARD, -7, null],
  ]);
});

it.runIf(postgresAdmin())("a failure in any statement rolls the whole transaction back", async () => {
  const db = await openTestStore("postgres");
  await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  // The second statement fails: the first is taken back.
  await expect(
    db.tx(async (q) => {
      await q.run("INSERT INTO t (k) VALUES (?)", ["a"]);
      await q.run("INSERT INTO t (k) VALUES (?)", ["a"]);
    }),
  ).rejects.toThrow(/duplicate key/);
  expect(await db.all("SELECT k FROM t")).toEqual([]);
  // The first statement fails: nothing is stored, and the connection serves the next transaction.
  await expect(db.tx((q) => q.run("INSERT INTO nowhere (k) VALUES (?)", ["b"]))).rejects.toThrow(/nowhere/);
  await db.tx(async (q) => {
    await q.run("INSERT INTO t (k) VALUES (?)", ["c"]);
  });
  // A transaction that runs no statement sends nothing.
  expect(await db.tx(async () => 7)).toBe(7);
  expect(await db.all("SELECT k FROM t")).toEqual([{ k: "c" }]);
});

it.runIf(postgresAdmin())("a statement that would misplace its values is refused, not run", async () => {
  const db = await openTestStore("postgres");
  await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
  // A "?" inside quotes would be taken for a placeholder.
  await expect(db.all("SELECT 'why?' AS q, ? AS v", ["x"])).rejects.toThrow(/"\?" inside quotes/);
  // Inlined (a transaction's first statement), a value short would have become NULL.
  await expect(db.tx((q) => q.run("INSERT INTO t (k, v) VALUES (?, ?)", ["only one"]))).rejects.toThrow(
    /2 placeholders and 1 values/,
  );
  expect(await db.all("SELECT k FROM t")).toEqual([]);
  // Quoted text without a "?" and "?" outside quotes are fine.
  expect(await db.all("SELECT 'it''s' AS q, CAST(? AS text) AS v", ["y"])).toEqual([{ q: "it's", v: "y" }]);
});
