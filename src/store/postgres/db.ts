/**
 * The PostgreSQL engine, on the `pg` driver (the ecosystem's standard client; plain SQL, no ORM):
 * a pool of connections behind the async Sql interface, with `pg`'s errors turned into ours (failures.ts).
 */
import pg from "pg";
import type { Db, Param, RunOptions, Sql, Statement } from "../db.ts";
import { migrate } from "../migrate.ts";
import { checkout } from "./checkout.ts";
import { describe, failures } from "./failures.ts";
import { inline, pgQuery } from "./placeholders.ts";
import { preparedScript } from "./prepared-script.ts";

// BIGINT (counts, rowid) as numbers, as SQLite gives them: our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Codes on which a transaction is simply run again: a deadlock, a serialization failure. */
const RETRY = new Set(["40P01", "40001"]);
const ATTEMPTS = 5;
/** A prepared statement the connection lacks, or one it has already: a pooler switched connections. */
const PREPARED_GONE = new Set(["26000", "42P05"]);

/** Open the PostgreSQL store at `url` and migrate it; AppError STORE naming host, port, database and user when it cannot. */
export async function openPostgres(url: string): Promise<Db> {
  const { label, password } = describe(url);
  const fail = failures(label, password);
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    connectionTimeoutMillis: 10_000,
    // Article HTML and summaries are compressed as they are stored (TOAST): lz4 took a fifth less
    // of the server's CPU than the default pglz in a first fetch of 54,000 entries. Run before the
    // connection's first query; a server without lz4 (or older than 14) refuses it and keeps pglz.
    onConnect: async (client) => {
      await client.query("SET default_toast_compression = 'lz4'").catch(() => {});
    },
  });
  // An idle connection the server closed (a restart) must not crash the process: the pool drops it.
  pool.on("error", () => {});
  let open = true;

  // `run` gets the statement with its `?` placeholders (see pgQuery, inline).
  type Run = (text: string, params: readonly Param[], opts?: RunOptions) => Promise<pg.QueryResult>;
  const handle = (run: Run): Sql => {
    const q: Sql = {
      dialect: "postgres",
      all: async <T>(text: string, params: readonly Param[] = [], opts?: RunOptions) =>
        (await run(text, params, opts)).rows as T[],
      get: async <T>(text: string, params: readonly Param[] = [], opts?: RunOptions) =>
        (await run(text, params, opts)).rows[0] as T | undefined,
      run: async (text, params = [], opts) => (await run(text, params, opts)).rowCount ?? 0,
      exec: async (script) => {
        await run(script, []);
      },
      script: async <T>(statements: readonly Statement[]) => {
        // Without values pg sends a simple query: several statements, one round trip, one transaction.
        const r = (await run(statements.map((s) => inline(s.text, s.params ?? [])).join(";\n"), [])) as
          | pg.QueryResult
          | pg.QueryResult[];
        return (Array.isArray(r) ? r[r.length - 1]! : r).rows as T[];
      },
      tx: (fn) => fn(q),
    };
    return q;
  };
  // Prepared statements live on a server connection. Behind a pooler that hands each transaction
  // another one (PgBouncer in transaction mode) a statement prepared before is missing, or one not
  // prepared yet already exists: the first such error turns preparing off for this store, and the
  // statement (a transaction: all of it) runs again unprepared.
  let preparing = true;
  const unprepare = (err: unknown): boolean => {
    if (!PREPARED_GONE.has((err as { code?: string } | undefined)?.code ?? "")) return false;
    preparing = false; // for good; statements already under way may still report it, once each
    return true;
  };
  const withPrepare = (opts?: RunOptions) => (preparing ? opts : undefined);

  const direct = handle(async (text, params, opts) => {
    const send = (o?: RunOptions) => pool.query(pgQuery(text, params, o));
    try {
      return await send(withPrepare(opts));
    } catch (err) {
      if (!(opts?.prepare && unprepare(err))) throw fail(err, "query failed");
    }
    try {
      return await send();
    } catch (err) {
      throw fail(err, "query failed");
    }
  });

  const db: Db = {
    ...direct,
    // Its prepared statements are EXECUTEd, PREPAREd in the same query where the connection lacks them.
    async script<T>(statements: readonly Statement[]): Promise<T[]> {
      if (!preparing || !statements.some((x) => x.prepare)) return direct.script<T>(statements);
      try {
        return await preparedScript<T>(pool, statements, fail);
      } catch (err) {
        // Nothing of the script stayed (one simple query is one transaction): run it unprepared.
        if (unprepare((err as { cause?: unknown }).cause)) return direct.script<T>(statements);
        throw err;
      }
    },
    path: label,
    file: null,
    async tx(fn) {
      for (let attempt = 1; ; attempt++) {
        const held = await checkout(pool, fail);
        const client = held.client;
        let broken: Error | undefined;
        // BEGIN rides with the transaction's first statement, sent as one simple query with its values
        // inlined: a round trip less per transaction (a poll stores in one).
        let begun = false;
        const inTx: Run = async (text, params, opts) => {
          if (begun) return client.query(pgQuery(text, params, withPrepare(opts)));
          begun = true;
          if (opts?.prepare) {
            // Never inlined, prepared now or not (its arrays are bound in binary): BEGIN goes on its own.
            await client.query("BEGIN");
            return client.query(pgQuery(text, params, withPrepare(opts)));
          }
          const first = params.length > 0 ? inline(text, params) : text;
          const r = (await client.query(`BEGIN;\n${first}`)) as unknown as pg.QueryResult[];
          return r[r.length - 1]!;
        };
        try {
          const out = await fn(handle(inTx));
          if (begun) await client.query("COMMIT");
          return out;
        } catch (err) {
          try {
            if (begun) await client.query("ROLLBACK");
          } catch (e) {
            broken = e as Error; // the connection is gone: the server rolled back already
          }
          if (unprepare(err) && attempt < ATTEMPTS) {
            broken = err as Error; // pg believes this connection holds statements it may not
            continue;
          }
          if (RETRY.has((err as { code?: string }).code ?? "") && attempt < ATTEMPTS) continue;
          throw fail(err, "transaction failed");
        } finally {
          held.release(broken);
        }
      }
    },
    isOpen: () => open,
    async close() {
      if (!open) return;
      open = false;
      await pool.end();
    },
  };

  try {
    // Reaching the server at all first, so that its failure reads as such.
    (await pool.connect().catch((err: unknown) => Promise.reject(fail(err, "cannot connect")))).release();
    await migrate(db, {
      peek: async (q) => {
        const t = await q.get<{ t: string | null }>(
          "SELECT CAST(to_regclass('feedwright_schema') AS TEXT) AS t",
        );
        if (!t?.t) return 0;
        return (await q.get<{ version: number }>("SELECT version FROM feedwright_schema"))?.version ?? 0;
      },
      read: async (q) => {
        // Two processes opening a new database at once: the second waits here, then sees the first's work.
        await q.exec("SELECT pg_advisory_xact_lock(1717171717)");
        await q.exec("CREATE TABLE IF NOT EXISTS feedwright_schema (version INTEGER NOT NULL)");
        return (await q.get<{ version: number }>("SELECT version FROM feedwright_schema"))?.version ?? 0;
      },
      write: async (q, v) => {
        await q.run("DELETE FROM feedwright_schema");
        await q.run("INSERT INTO feedwright_schema (version) VALUES (?)", [v]);
      },
    });
  } catch (err) {
    await pool.end().catch(() => {});
    throw fail(err, "cannot open the store");
  }
  return db;
}
