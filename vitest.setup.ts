/**
 * Every test run gets its own temp folder (TMPDIR), removed at the end, so the many temp stores,
 * configs and git repositories the tests create never pile up in the system's /tmp; and one
 * PostgreSQL server (tests/support/postgres-cluster.ts) for the tests that run on both engines.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openStore } from "./src/store/db.ts";
import { adminQuery, startTestPostgres, withDatabase } from "./tests/support/postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** An admin URL of the test server, or null when there is none. */
    postgres: string | null;
    /** Why there is no test server. */
    postgresSkip: string;
    /** The migrated database new test databases are created from. */
    postgresTemplate: string;
    /** The prefix of this run's database names. */
    postgresPrefix: string;
  }
}

/** The database test databases are copied from: migrated once, so each test's copy is ready at once. */
const TEMPLATE = `feedwright_template_${process.pid}`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres(process.env);
  const dir = mkdtempSync(join(tmpdir(), "feedwright-tests-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  if (typeof server === "string") {
    project.provide("postgres", null);
    project.provide("postgresSkip", server);
  } else {
    await adminQuery(server.url, `CREATE DATABASE ${TEMPLATE}`);
    await (await openStore(withDatabase(server.url, TEMPLATE))).close();
    project.provide("postgres", server.url);
    project.provide("postgresSkip", "");
  }
  project.provide("postgresTemplate", TEMPLATE);
  project.provide("postgresPrefix", `fwt_${process.pid}_`);
  return async () => {
    if (typeof server !== "string") {
      // An outside server (FEEDWRIGHT_TEST_POSTGRES) keeps nothing of this run.
      if (!server.log) {
        const dbs = await adminQuery(server.url, `SELECT datname FROM pg_database WHERE datname LIKE 'fwt\\_${process.pid}\\_%' OR datname = '${TEMPLATE}'`);
        for (const r of dbs.rows as { datname: string }[]) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      }
      server.stop();
    }
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
