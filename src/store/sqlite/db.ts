/** The SQLite engine (node:sqlite, WAL): opening a file, statements behind the async Sql interface. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { AppError, oneLine } from "../../errors.ts";
import type { Db, OpenOptions, Param, Sql } from "../db.ts";
import { migrate } from "../migrate.ts";

/** An open SQLite store; `sql` is for the engine's own machinery (checkpoints, pragmas). */
export interface SqliteDb extends Db {
  readonly sql: DatabaseSync;
}

const args = (params: readonly Param[] | undefined) => (params ?? []) as SQLInputValue[];

/**
 * Open (creating if needed) the SQLite store at `path` and migrate it. node:sqlite is synchronous:
 * each call runs at once and returns a settled promise, so storing costs no more than before.
 */
export async function openSqlite(path: string, opts: OpenOptions = {}): Promise<SqliteDb> {
  let sql: DatabaseSync;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    sql = new DatabaseSync(path, { timeout: 5000 });
    // WAL + synchronous=NORMAL: commits do not fsync (a crash may lose the last commits, never
    // corrupt). Checkpointing every ~40 MB instead of 4 MB cut a 1000-feed first fetch's store time
    // noticeably, since each checkpoint fsyncs the database file.
    sql.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;",
    );
    if (opts.cacheKiB !== undefined) sql.exec(`PRAGMA cache_size = -${Math.round(opts.cacheKiB)}`);
  } catch (err) {
    throw new AppError("STORE", `${path}: cannot open the store: ${oneLine(err)}`, { cause: err });
  }
  const cache = new Map<string, StatementSync>();
  const stmt = (text: string) => {
    let s = cache.get(text);
    if (!s) {
      s = sql.prepare(text);
      cache.set(text, s);
    }
    return s;
  };
  // The one connection is shared by every task of this thread: while one is in a transaction the
  // others' statements wait, or they would run inside it (and be rolled back with it).
  let busy = false;
  const waiters: (() => void)[] = [];
  const idle = async () => {
    while (busy) await new Promise<void>((r) => waiters.push(r));
  };
  const direct: Sql = {
    dialect: "sqlite",
    all: async <T>(text: string, params?: readonly Param[]) => stmt(text).all(...args(params)) as T[],
    get: async <T>(text: string, params?: readonly Param[]) =>
      stmt(text).get(...args(params)) as T | undefined,
    run: async (text, params) => Number(stmt(text).run(...args(params)).changes),
    exec: async (script) => sql.exec(script),
    tx: (fn) => fn(direct),
  };
  const outside = <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    ((...a: A) => (busy ? idle().then(() => f(...a)) : f(...a))) as (...a: A) => Promise<R>;
  const db: SqliteDb = {
    path,
    file: path === ":memory:" ? null : path,
    sql,
    dialect: "sqlite",
    all: outside(direct.all) as Sql["all"],
    get: outside(direct.get) as Sql["get"],
    run: outside(direct.run),
    exec: outside(direct.exec),
    async tx(fn) {
      await idle();
      busy = true;
      sql.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn(direct);
        sql.exec("COMMIT");
        return out;
      } catch (err) {
        // A failed ROLLBACK (SQLite already rolled back, e.g. on a full disk) must not hide the cause.
        try {
          if (sql.isTransaction) sql.exec("ROLLBACK");
        } catch {}
        throw err;
      } finally {
        busy = false;
        for (const w of waiters.splice(0)) w();
      }
    },
    isOpen: () => sql.isOpen,
    async close() {
      cache.clear();
      if (sql.isOpen) sql.close();
    },
  };
  try {
    await migrate(db, {
      peek: async (q) => (await q.get<{ user_version: number }>("PRAGMA user_version"))!.user_version,
      read: async (q) => (await q.get<{ user_version: number }>("PRAGMA user_version"))!.user_version,
      write: (q, v) => q.exec(`PRAGMA user_version = ${v}`),
    });
  } catch (err) {
    sql.close();
    if (err instanceof AppError) throw err;
    throw new AppError("STORE", `${path}: cannot open the store: ${oneLine(err)}`, { cause: err });
  }
  return db;
}
