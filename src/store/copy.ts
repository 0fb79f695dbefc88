/**
 * `store copy`: every table of one store into another (SQLite ↔ PostgreSQL), in batches of one
 * transaction each, in key order, so that an interrupted copy is resumed from the last batch that
 * committed. The source is only read. Row counts are compared at the end.
 */
import { AppError } from "../errors.ts";
import { COPY_TABLES, type CopyTable, NOT_COPIED } from "./copy-tables.ts";
import type { Db, Param, Sql } from "./db.ts";

/** Options of a copy. */
export interface CopyOptions {
  /** Replace whatever the target holds (else a non-empty target is refused, unless resuming). */
  force: boolean;
  now: Date;
  /** Rows per transaction. */
  batch?: number;
  /** After each batch: the table, rows copied of it so far, and its total. */
  onProgress?: (table: string, done: number, total: number) => void;
  /** Stops the copy between two batches (what was committed stays, for a later resume). */
  signal?: AbortSignal;
}

/** Rows copied, per table. */
export type CopyResult = { table: string; rows: number }[];

const count = async (q: Sql, table: string) =>
  (await q.get<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`))!.n;

async function tablesOf(db: Db): Promise<string[]> {
  const rows =
    db.dialect === "sqlite"
      ? await db.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      : await db.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
        );
  return rows.map((r) => r.name).filter((n) => !NOT_COPIED.has(n));
}

/** Copy every table of `from` into `to`; AppError USAGE for a non-empty target, STORE when counts differ. */
export async function copyStore(from: Db, to: Db, opts: CopyOptions): Promise<CopyResult> {
  const known = new Set(COPY_TABLES.map((t) => t.name));
  const unknown = (await tablesOf(from)).filter((t) => !known.has(t));
  if (unknown.length > 0)
    throw new AppError("INTERNAL", `${from.path}: store copy does not know table(s) ${unknown.join(", ")}`);
  const held = (await Promise.all(COPY_TABLES.map((t) => count(to, t.name)))).reduce((a, b) => a + b, 0);
  const marker = await to.get<{ source: string; finished_at: string | null }>("SELECT * FROM store_copy");
  const resuming = held > 0 && marker?.source === from.path && marker.finished_at === null;
  if (held > 0 && !resuming && !opts.force) {
    throw new AppError("USAGE", `${to.path}: the target store is not empty (${held} rows)`, {
      hint: "copy into an empty database, or pass --force to replace what it holds",
    });
  }
  await to.tx(async (q) => {
    if (held > 0 && !resuming)
      for (const t of [...COPY_TABLES].reverse()) await q.run(`DELETE FROM ${t.name}`);
    if (!resuming) {
      await q.run("DELETE FROM store_copy");
      await q.run("INSERT INTO store_copy (source, started_at) VALUES (?, ?)", [
        from.path,
        opts.now.toISOString(),
      ]);
    }
  });
  const result: CopyResult = [];
  for (const table of COPY_TABLES)
    result.push({ table: table.name, rows: await copyTable(from, to, table, opts) });
  for (const { table } of result) {
    const [a, b] = [await count(from, table), await count(to, table)];
    if (a !== b)
      throw new AppError("STORE", `${to.path}: ${table} holds ${b} rows after the copy, the source ${a}`, {
        hint: "was the source written to during the copy? run it again with --force",
      });
  }
  await to.run("UPDATE store_copy SET finished_at = ?", [new Date().toISOString()]);
  return result;
}

/** One table, from the first key after the last one the target already holds. */
async function copyTable(from: Db, to: Db, table: CopyTable, opts: CopyOptions): Promise<number> {
  const batch = opts.batch ?? 500;
  const cols = table.columns.join(", ");
  const keys = table.key.join(", ");
  const total = await count(from, table.name);
  const last = await to.get<Record<string, Param>>(
    `SELECT ${keys} FROM ${table.name} ORDER BY ${table.key.map((k) => `${k} DESC`).join(", ")} LIMIT 1`,
  );
  let after: Param[] | null = last ? table.key.map((k) => last[k]!) : null;
  let done = await count(to, table.name);
  opts.onProgress?.(table.name, done, total);
  const placeholders = `(${table.columns.map(() => "?").join(", ")})`;
  for (;;) {
    if (opts.signal?.aborted)
      throw new AppError("INTERNAL", "store copy interrupted: run it again to resume");
    const where = after ? `WHERE (${keys}) > (${after.map(() => "?").join(", ")})` : "";
    const rows = await from.all<Record<string, Param>>(
      `SELECT ${cols} FROM ${table.name} ${where} ORDER BY ${keys} LIMIT ${batch}`,
      after ?? [],
    );
    if (rows.length === 0) break;
    await to.tx(async (q) => {
      await q.run(
        `INSERT INTO ${table.name} (${cols}) VALUES ${rows.map(() => placeholders).join(", ")} ON CONFLICT DO NOTHING`,
        rows.flatMap((r) => table.columns.map((c) => r[c] ?? null)),
      );
    });
    const end = rows[rows.length - 1]!;
    after = table.key.map((k) => end[k]!);
    done += rows.length;
    opts.onProgress?.(table.name, done, total);
  }
  // New rows in the target must number on after the copied ones.
  if (to.dialect === "postgres" && table.columns.includes("rowid"))
    await to.exec(
      `SELECT setval(pg_get_serial_sequence('${table.name}', 'rowid'), COALESCE((SELECT max(rowid) FROM ${table.name}), 0) + 1, false)`,
    );
  return done;
}
