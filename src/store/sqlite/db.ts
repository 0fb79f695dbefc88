/** The SQLite engine (node:sqlite, WAL): opening a file, statements behind the async Sql interface. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { AppError, oneLine } from "../../errors.ts";
import type { Db, OpenOptions, Param, Sql, Statement } from "../db.ts";
import { migrate } from "../migrate.ts";

/** An open SQLite store; `sql` is for the engine's own machinery (checkpoints, pragmas). */
export interface SqliteDb extends Db {
  readonly sql: DatabaseSync;
}

const args = (params: readonly Param[] | undefined) => (params ?? []) as SQLInputValue[];

/** SQLite's primary result codes that mean the store cannot be written, not that the code is wrong. */
const STORAGE_CODES: Record<number, string> = {
  8: "the store is read-only",
  10: "a disk I/O error",
  11: "the store file is corrupt",
  13: "the disk is full",
  14: "the store file cannot be opened",
  26: "the file is not a feedwright store",
};

/**
 * A SQLite failure the user can act on (a full disk, a read-only file, an I/O error), as one line
 * naming the store; null for anything else (an AppError STORE passes through).
 */
export function storeFailure(path: string, err: unknown): AppError | null {
  if (err instanceof AppError) return err.code === "STORE" ? err : null;
  const e = err as { code?: string; errcode?: number; message?: string };
  if (e?.code !== "ERR_SQLITE_ERROR" || typeof e.errcode !== "number") return null;
  const what = STORAGE_CODES[e.errcode & 0xff];
  if (!what) return null;
  return new AppError("STORE", `${path}: cannot write the store: ${what} (${oneLine(err)})`, { cause: err });
}

/**
 * Switch a store to WAL. Switching needs a moment alone with the file, and SQLite answers "database
 * is locked" at once (without waiting out the busy timeout) when another process is opening the same
 * new store: so wait a little and try again, for as long as the busy timeout.
 */
function enterWal(sql: DatabaseSync): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 20) {
    try {
      sql.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (err) {
      if (!/database is locked/.test((err as Error).message) || waited >= 5000) throw err;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

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
    enterWal(sql);
    sql.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;");
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
  // A full disk or a read-only file becomes one line naming the store (AppError STORE).
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw storeFailure(path, err) ?? err;
    }
  };
  const direct: Sql = {
    dialect: "sqlite",
    all: async <T>(text: string, params?: readonly Param[]) =>
      guard(() => stmt(text).all(...args(params)) as T[]),
    get: async <T>(text: string, params?: readonly Param[]) =>
      guard(() => stmt(text).get(...args(params)) as T | undefined),
    run: async (text, params) => guard(() => Number(stmt(text).run(...args(params)).changes)),
    exec: async (script) => guard(() => sql.exec(script)),
    // One thread, synchronous statements: nothing runs between them, as in a transaction.
    script: async <T>(statements: readonly Statement[]) =>
      guard(() => {
        let rows: T[] = [];
        for (const s of statements) rows = stmt(s.text).all(...args(s.params)) as T[];
        return rows;
      }),
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
    script: <T>(statements: readonly Statement[]) => db.tx((q) => q.script<T>(statements)),
    async tx(fn) {
      await idle();
      busy = true;
      try {
        guard(() => sql.exec("BEGIN IMMEDIATE"));
      } catch (err) {
        busy = false;
        for (const w of waiters.splice(0)) w();
        throw err;
      }
      try {
        const out = await fn(direct);
        guard(() => sql.exec("COMMIT"));
        return out;
      } catch (err) {
        // After a full disk or an I/O error SQLite has already rolled back: a second ROLLBACK
        // would throw "no transaction is active" and hide the real cause.
        if (sql.isTransaction) {
          try {
            sql.exec("ROLLBACK");
          } catch {
            // the cause below is what matters
          }
        }
        throw storeFailure(path, err) ?? err;
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
