/**
 * Statements PostgreSQL prepares once per connection: a script's (PREPARE … / EXECUTE with the values
 * inlined, one simple query) and a single statement's (pg's named statements). Values arrive exactly,
 * each connection prepares a text once, and a failure leaves no connection that believes otherwise.
 */
import { expect, it } from "vitest";
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
