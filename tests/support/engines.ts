/**
 * The store's tests run on both engines: `forEachEngine` repeats a suite on SQLite and, when the
 * run has a PostgreSQL server (vitest.setup.ts), on PostgreSQL; without one that half reports itself
 * skipped with the reason. `newStore` gives each test a store of its own (files run in parallel).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, inject, onTestFinished } from "vitest";
import { type Db, openStore } from "../../src/store/db.ts";
import { adminQuery, withDatabase } from "./postgres-cluster.ts";

/** A store engine. */
export type Engine = "sqlite" | "postgres";

const admin = inject("postgres");

/** The engines this run can test. */
export const ENGINES: Engine[] = admin ? ["sqlite", "postgres"] : ["sqlite"];

/** The test server's admin URL, or null. */
export const postgresAdmin = (): string | null => admin;

/** Run `suite` once per engine, named after it. */
export function forEachEngine(name: string, suite: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(`${name} [${engine}]`, () => suite(engine));
  if (!admin)
    describe.skip(`${name} [postgres]: skipped, ${inject("postgresSkip")}`, () => suite("postgres"));
}

/** A new, empty PostgreSQL database (copied from the migrated template) and its URL. */
export async function newPostgresDatabase(): Promise<string> {
  if (!admin) throw new Error("no PostgreSQL server in this run");
  const name = `${inject("postgresPrefix")}${randomBytes(6).toString("hex")}`;
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  return withDatabase(admin, name);
}

/** A new store location on `engine`: a file in a temp folder, or a new database. */
export async function newStore(engine: Engine): Promise<string> {
  if (engine === "postgres") return newPostgresDatabase();
  return join(mkdtempSync(join(tmpdir(), "feedwright-store-")), "state.db");
}

/** A new store on `engine`, open, closed when the test finishes. */
export async function openTestStore(engine: Engine): Promise<Db> {
  const db = await openStore(await newStore(engine));
  onTestFinished(() => db.close());
  return db;
}

/** The environment that points a feedwright child process at a new store on `engine` (none for SQLite's default file). */
export async function storeEnv(engine: Engine): Promise<Record<string, string>> {
  return engine === "postgres" ? { FEEDWRIGHT_STORE: await newPostgresDatabase() } : {};
}
