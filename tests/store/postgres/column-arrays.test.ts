/**
 * Rows bound as binary arrays (column-arrays.ts): every value comes back from the server exactly
 * (PostgreSQL checks the format as it reads it), in any transaction position, prepared or not.
 */
import { expect, it } from "vitest";
import { binaryArray, columnArrays } from "../../../src/store/column-arrays.ts";
import { openTestStore, postgresAdmin } from "../../support/engines.ts";

const TEXTS = [
  "plain",
  "",
  "NULL",
  'a "quoted" {brace}, comma',
  "back\\slash\\",
  "tab\tnew\nline",
  "中文 ✓ 𝄞",
  "x".repeat(100_000),
];

it.runIf(postgresAdmin())("text and integers, NULLs among them, come back exactly and in order", async () => {
  const db = await openTestStore("postgres");
  const rows = [...TEXTS.map((t, i) => [t, i - 3]), [null, null], ["after a null", 2 ** 31 - 1]];
  const a = columnArrays(rows, ["text", "integer"]);
  const got = await db.all<{ t: string | null; n: number | null }>(
    `SELECT t, n FROM ${a.from} AS u(t, n)`,
    a.params,
    { prepare: true },
  );
  expect(got.map((r) => [r.t, r.n])).toEqual(rows);
});

it.runIf(postgresAdmin())("a lone surrogate is stored as U+FFFD, as in pg's text parameters", async () => {
  const db = await openTestStore("postgres");
  const a = columnArrays([["a\ud800b"]], ["text"]);
  expect(await db.all(`SELECT t FROM ${a.from} AS u(t)`, a.params)).toEqual([{ t: "a\ufffdb" }]);
});

it.runIf(postgresAdmin())("no rows is an empty table, not an error", async () => {
  const db = await openTestStore("postgres");
  const a = columnArrays([], ["text", "integer"]);
  expect(await db.all(`SELECT * FROM ${a.from} AS u(t, n)`, a.params, { prepare: true })).toEqual([]);
});

it.runIf(postgresAdmin())(
  "a prepared statement first in a transaction is stored, and rolled back with it",
  async () => {
    const db = await openTestStore("postgres");
    await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)");
    const insert = (rows: (string | number)[][]) => {
      const a = columnArrays(rows, ["text", "integer"]);
      return [`INSERT INTO t (k, n) SELECT * FROM ${a.from}`, a.params] as const;
    };
    await db.tx((q) =>
      q.run(
        ...insert([
          ["a", 1],
          ["b", 2],
        ]),
        { prepare: true },
      ),
    );
    await expect(
      db.tx(async (q) => {
        await q.run(...insert([["c", 3]]), { prepare: true });
        await q.run(...insert([["a", 9]]), { prepare: true }); // duplicate key: all of it rolls back
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.all("SELECT k, n FROM t ORDER BY k")).toEqual([
      { k: "a", n: 1 },
      { k: "b", n: 2 },
    ]);
  },
);

it("refuses a value its column cannot hold, before anything is sent", () => {
  expect(() => binaryArray([1.5], "integer")).toThrow(/32-bit integer/);
  expect(() => binaryArray([2 ** 31], "integer")).toThrow(/32-bit integer/);
  expect(() => binaryArray([7], "text")).toThrow(/not text/);
  expect(() => binaryArray([new Uint8Array(1)], "text")).toThrow(/not text/);
});
