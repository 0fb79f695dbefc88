/** Bringing a store to the current schema, the same numbered steps on both engines. */
import { AppError } from "../errors.ts";
import type { Db, Sql } from "./db.ts";
import { forDialect, MIGRATIONS } from "./migrations.ts";

/** How an engine keeps its schema version (SQLite: user_version; PostgreSQL: a one-row table). */
export interface SchemaVersion {
  /** Called first inside the migrating transaction (PostgreSQL takes a lock there). */
  read(q: Sql): Promise<number>;
  write(q: Sql, version: number): Promise<void>;
  /** The version outside any transaction, or -1 when it cannot be read without one. */
  peek(q: Sql): Promise<number>;
}

/**
 * Apply the missing steps in one write transaction, the version read inside it so that two
 * processes opening a new store at once never both apply a step. A store written by a newer
 * feedwright is refused with one line and left as it is.
 */
export async function migrate(db: Db, version: SchemaVersion): Promise<void> {
  // Up to date (the usual case): no write transaction, so opening never waits for another writer.
  if ((await version.peek(db)) === MIGRATIONS.length) return;
  await db.tx(async (q) => {
    const current = await version.read(q);
    if (current > MIGRATIONS.length) {
      throw new AppError(
        "STORE",
        `${db.path}: the store was written by a newer feedwright (schema ${current}, this one knows ${MIGRATIONS.length})`,
        { hint: "upgrade feedwright" },
      );
    }
    if (current === MIGRATIONS.length) return;
    for (let v = current; v < MIGRATIONS.length; v++) await q.exec(forDialect(MIGRATIONS[v]!, db.dialect));
    await version.write(q, MIGRATIONS.length);
  });
}
