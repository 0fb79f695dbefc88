/** The SQLite store (node:sqlite, WAL): opening, migrations by version, transactions. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { AppError, oneLine } from "../errors.ts";
import { MIGRATIONS } from "./migrations.ts";

/** An open store. Everything SQL stays behind store/. */
export interface Db {
  readonly path: string;
  readonly sql: DatabaseSync;
  /** A prepared statement, cached by its text. */
  stmt(text: string): StatementSync;
  /** Run `fn` in one IMMEDIATE transaction; rolled back if it throws. */
  tx<T>(fn: () => T): T;
  close(): void;
}

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

/** Open (creating if needed) the store at `path` and migrate it to the current schema. */
export function openDb(path: string): Db {
  let sql: DatabaseSync;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    sql = new DatabaseSync(path, { timeout: 5000 });
    // WAL + synchronous=NORMAL: commits do not fsync (a crash may lose the last commits, never
    // corrupt). Checkpointing every ~40 MB instead of 4 MB cut a 1000-feed first fetch's store time
    // noticeably, since each checkpoint fsyncs the database file.
    enterWal(sql);
    sql.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;");
  } catch (err) {
    throw new AppError("STORE", `${path}: cannot open the store: ${oneLine(err)}`, { cause: err });
  }
  const cache = new Map<string, StatementSync>();
  let depth = 0;
  const db: Db = {
    path,
    sql,
    stmt(text) {
      let s = cache.get(text);
      if (!s) {
        s = sql.prepare(text);
        cache.set(text, s);
      }
      return s;
    },
    tx(fn) {
      if (depth > 0) return fn();
      sql.exec("BEGIN IMMEDIATE");
      depth++;
      try {
        const out = fn();
        sql.exec("COMMIT");
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
        depth--;
      }
    },
    close() {
      cache.clear();
      if (sql.isOpen) sql.close();
    },
  };
  migrate(db);
  return db;
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
 * Bring the schema up to date. The version is read again inside the write transaction, so of
 * several processes opening a new store at once exactly one migrates and the others see its work.
 */
function migrate(db: Db): void {
  const version = () =>
    (db.sql.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  const newer = (v: number) =>
    new AppError(
      "STORE",
      `${db.path}: the store was written by a newer feedwright (schema ${v}, this one knows ${MIGRATIONS.length})`,
    );
  const seen = version();
  if (seen > MIGRATIONS.length) throw newer(seen);
  if (seen === MIGRATIONS.length) return;
  db.tx(() => {
    const current = version();
    if (current > MIGRATIONS.length) throw newer(current);
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.sql.exec(MIGRATIONS[v]!);
      db.sql.exec(`PRAGMA user_version = ${v + 1}`);
    }
  });
}
