/**
 * A script whose statements may be prepared, still one simple query and one round trip: each prepared
 * statement runs as `EXECUTE name(values inlined)`, `PREPARE`d in that same query the first time its
 * connection sees it. The server then parses it once per connection and may keep its plan: a claim's
 * statement cost the server more planning than any other statement of a fetch.
 */
import type pg from "pg";
import type { AppError } from "../../errors.ts";
import type { Statement } from "../db.ts";
import { checkout } from "./checkout.ts";
import { executeText, inline } from "./placeholders.ts";

/** The statements each connection has PREPAREd (a connection whose script failed is dropped). */
const prepared = new WeakMap<pg.PoolClient, Set<string>>();

/** Run `statements` on a connection of `pool`; resolves to the last one's rows. */
export async function preparedScript<T>(
  pool: pg.Pool,
  statements: readonly Statement[],
  fail: (err: unknown, what: string) => AppError,
): Promise<T[]> {
  // Built before a connection is taken: a statement refused here holds none.
  const texts = statements.map((s) =>
    s.prepare ? executeText(s.text, s.params ?? []) : inline(s.text, s.params ?? []),
  );
  const held = await checkout(pool, fail);
  const client = held.client;
  const has = prepared.get(client) ?? new Set<string>();
  const added: string[] = [];
  const parts: string[] = [];
  for (const x of texts) {
    if (typeof x === "string") {
      parts.push(x);
      continue;
    }
    if (!has.has(x.name) && !added.includes(x.name)) {
      parts.push(x.prepare);
      added.push(x.name);
    }
    parts.push(x.execute);
  }
  let r: pg.QueryResult | pg.QueryResult[];
  try {
    r = (await client.query(parts.join(";\n"))) as unknown as pg.QueryResult | pg.QueryResult[];
  } catch (err) {
    // Whether a PREPARE of this query took is unknown now: the connection is not reused.
    held.release(err as Error);
    throw fail(err, "query failed");
  }
  for (const n of added) has.add(n);
  prepared.set(client, has);
  held.release();
  return (Array.isArray(r) ? r[r.length - 1]! : r).rows as T[];
}
