/**
 * Statements PostgreSQL prepares once per connection: a script's (PREPARE … / EXECUTE with the values
 * inlined, one simple query) and a single statement's (pg's named statements). Values arrive exactly,
 * each connection prepares a text once, and a failure leaves no connection that believes otherwise.
 */
import { expect, it } from "vitest";
import { columnArrays } from "../../../src/store/column-arrays.ts";
import type { Db } from "../../../src/store/db.ts";
import { openTestStore, postgresAdmin } from "../../support/engines.ts";

const AWKWARD = 'it\'s a "test"? \\ back\\slash, 中文, $1 ?? done';
const ECHO =
  "SELECT CAST(? AS text) AS t, CAST(? AS integer) AS n, CAST(? AS bytea) AS b, CAST(? AS text) AS z";

it.runIf(postgresAdmin())(
  "a script's prepared statement gets its values exactly, call after call",
  async () => {
    const db = await openTestStore("postgres");
    const bytes = new Uint8Array([0, 39, 92, 255]);
    // More calls at once than the pool has connections: every connection prepares it once, then executes.
    const runs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.script<{ t: string; n: number; b: Uint8Array; z: string | null }>([
          { text: "SELECT pg_advisory_xact_lock(?)", params: [i] },
          { text: ECHO, params: [`${AWKWARD} ${i}`, i - 5, bytes, null], prepare: true },
        ]),
      ),
    );
    runs.forEach(([r], i) => {
      expect([r!.t, r!.n, [...r!.b], r!.z]).toEqual([`${AWKWARD} ${i}`, i - 5, [...bytes], null]);
    });
    // Prepared, not sent anew: the server lists it on the connection that ran this one.
    const [seen] = await db.script<{ n: number }>([
      { text: ECHO, params: ["x", 1, bytes, "y"], prepare: true },
      { text: "SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE ?", params: ["fwx\\_%"] },
    ]);
    expect(seen!.n).toBe(1);
  },
);

it.runIf(postgresAdmin())("a prepared script that fails is one error, and the next ones run", async () => {
  const db = await openTestStore("postgres");
  await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  const insert = (k: string) =>
    db.script([
      { text: "SELECT 1", params: [] },
      { text: "INSERT INTO t (k) VALUES (?) RETURNING k", params: [k], prepare: true },
    ]);
  await insert("a");
  await expect(insert("a")).rejects.toThrow(/duplicate key/);
  // Many more than the pool's connections: none is left believing it holds a statement it lacks.
  for (let i = 0; i < 12; i++) await insert(`k${i}`);
  expect((await db.all<{ n: number }>("SELECT count(*) AS n FROM t"))[0]!.n).toBe(13);
});

it.runIf(postgresAdmin())(
  "a prepared statement with placeholders short of values is refused before it is sent",
  async () => {
    const db = await openTestStore("postgres");
    await expect(db.script([{ text: ECHO, params: ["only one"], prepare: true }])).rejects.toThrow(
      /4 placeholders and 1 values/,
    );
  },
);

/** Every connection of `db`'s pool forgets its prepared statements, as if a pooler had switched it. */
async function forget(db: Db): Promise<void> {
  let open: () => void = () => {};
  const all = new Promise<void>((r) => {
    open = r;
  });
  let held = 0;
  await Promise.all(
    Array.from({ length: 8 }, () =>
      db.tx(async (q) => {
        await q.exec("DEALLOCATE ALL");
        if (++held === 8) open();
        await all; // all 8 connections at once, so each of the pool's gets it
      }),
    ),
  );
}

/** `db` with table t, and `use` run on 16 keys at once before and after its connections forget. */
async function acrossForgetting(use: (db: Db, k: string) => Promise<unknown>): Promise<Db> {
  const db = await openTestStore("postgres");
  await db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)");
  await db.run("INSERT INTO t (k, n) SELECT 'k' || i, 0 FROM generate_series(0, 15) AS i");
  await Promise.all(Array.from({ length: 16 }, (_, i) => use(db, `k${i}`)));
  await forget(db);
  await Promise.all(Array.from({ length: 16 }, (_, i) => use(db, `k${i}`)));
  return db;
}

const counts = async (db: Db) => (await db.all<{ n: number }>("SELECT n FROM t ORDER BY k")).map((r) => r.n);

it.runIf(postgresAdmin())(
  "connections that lose their prepared statements (a pooler switching them) fall back to unprepared",
  async () => {
    // A script (the claim's path).
    const scripted = await acrossForgetting((db, k) =>
      db.script([
        { text: "SELECT pg_advisory_xact_lock(hashtext(?))", params: [k] },
        { text: "UPDATE t SET n = n + 1 WHERE k = ? RETURNING n", params: [k], prepare: true },
      ]),
    );
    expect(await counts(scripted)).toEqual(Array(16).fill(2));
    // A transaction (a poll's storing): a prepared statement first, then another.
    const inTx = await acrossForgetting((db, k) =>
      db.tx(async (q) => {
        await q.run("UPDATE t SET n = n + 1 WHERE k = ?", [k], { prepare: true });
        await q.run("UPDATE t SET n = n + 10 WHERE k = ?", [k], { prepare: true });
      }),
    );
    expect(await counts(inTx)).toEqual(Array(16).fill(22));
    // A statement on its own (a feed's state outside a transaction).
    const alone = await acrossForgetting((db, k) =>
      db.run("UPDATE t SET n = n + 5 WHERE k = ?", [k], { prepare: true }),
    );
    expect(await counts(alone)).toEqual(Array(16).fill(10));
    // Binary arrays first in a transaction (a poll whose batch needed no lookup): never inlined.
    const arrays = await acrossForgetting((db, k) =>
      db.tx((q) => {
        const a = columnArrays([[k]], ["text"]);
        return q.run(`UPDATE t SET n = n + 1 WHERE k IN (SELECT * FROM ${a.from})`, a.params, {
          prepare: true,
        });
      }),
    );
    expect(await counts(arrays)).toEqual(Array(16).fill(2));
  },
);
