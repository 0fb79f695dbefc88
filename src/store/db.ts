/**
 * The store's one interface: every store/ module writes its SQL against `Sql`, and the rest of the
 * code holds a `Db` from openStore(), whichever engine is behind it (store/sqlite/, store/postgres/).
 */

/** Which engine runs the SQL (a few statements differ; see migrations.ts and entry-upsert.ts). */
export type Dialect = "sqlite" | "postgres";

/** A bound value: text, numbers, NULL, or bytes (BLOB / bytea). */
export type Param = string | number | null | Uint8Array;

/** One statement of a script: its text with `?` placeholders and their values. */
export interface Statement {
  text: string;
  params?: readonly Param[];
  /** As RunOptions.prepare: PostgreSQL prepares it on the connection once and executes it after. */
  prepare?: boolean;
}

/** How a statement may be run. */
export interface RunOptions {
  /**
   * Its best plan does not depend on its values (rows inserted from arrays): PostgreSQL prepares it
   * once per connection and reuses it. Never for a lookup: a plan made for the first values seen
   * (near-empty tables) stayed wrong for later ones (bench/README.md, "store engines").
   */
  prepare?: boolean;
}

/** Runs statements with `?` placeholders, inside or outside a transaction. */
export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query. */
  all<T>(text: string, params?: readonly Param[], opts?: RunOptions): Promise<T[]>;
  /** The first row of a query, if any. */
  get<T>(text: string, params?: readonly Param[], opts?: RunOptions): Promise<T | undefined>;
  /** Run a statement; resolves to the number of rows it changed. */
  run(text: string, params?: readonly Param[], opts?: RunOptions): Promise<number>;
  /** Run a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Run `statements` as one transaction and resolve to the last one's rows. On PostgreSQL they go in
   * one round trip (one simple query, values inlined as literals), each with a snapshot taken when it
   * starts, so a statement sees what committed while an earlier one waited for a lock.
   */
  script<T>(statements: readonly Statement[]): Promise<T[]>;
  /**
   * Run `fn` in one transaction (joining the one `this` is in); rolled back if it throws. `fn`
   * only talks to the store: no network I/O happens inside a transaction.
   */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
}

/** An open store. */
export interface Db extends Sql {
  /** Where the store is, for messages: its file, or its URL without the password. */
  readonly path: string;
  /** The SQLite file other threads may open too (parse workers), or null (in memory, PostgreSQL). */
  readonly file: string | null;
  /** False once closed. */
  isOpen(): boolean;
  close(): Promise<void>;
}

/** True when `location` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Options of openStore(). */
export interface OpenOptions {
  /** SQLite's page cache for this connection, in KiB (the daemon keeps it small). */
  cacheKiB?: number;
}

/**
 * Open the store at `location` (a SQLite file path, ":memory:", or a postgres:// URL) and migrate it to
 * the current schema; AppError STORE (exit 1) when it cannot be opened or is newer than this feedwright.
 */
export async function openStore(location: string, opts: OpenOptions = {}): Promise<Db> {
  if (isPostgresUrl(location)) {
    // Loaded only for PostgreSQL: an embedded store never loads the driver.
    const { openPostgres } = await import("./postgres/db.ts");
    return openPostgres(location);
  }
  const { openSqlite } = await import("./sqlite/db.ts");
  return openSqlite(location, opts);
}
