/** The SQLite store (node:sqlite, WAL): opening, migrations by version, transactions. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { AppError, oneLine } from "../../errors.ts";
import { MIGRATIONS } from "../migrations.ts";

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

/** Open (creating if needed) the store at `path` and migrate it to the current schema. */
export function openDb(path: string): Db {
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
        sql.exec("ROLLBACK");
        throw err;
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

function migrate(db: Db): void {
  const current = (db.sql.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current > MIGRATIONS.length) {
    throw new AppError(
      "STORE",
      `${db.path}: the store was written by a newer feedwright (schema ${current}, this one knows ${MIGRATIONS.length})`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.tx(() => {
      db.sql.exec(MIGRATIONS[v]!);
      db.sql.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
}
