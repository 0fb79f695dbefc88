/**
 * A throwaway PostgreSQL cluster for the tests (vitest.setup.ts starts it once per run): the installed
 * server's initdb and pg_ctl in a temp folder, owned by the `postgres` user when run as root (initdb
 * refuses root), on a free loopback port, fsync off, password authentication over TCP so the tests
 * can refuse a password. FEEDWRIGHT_TEST_POSTGRES (an admin URL) is used instead when set.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";

/** A running server the tests may create databases on. */
export interface TestPostgres {
  /** An admin URL (database "postgres"). */
  url: string;
  /** The server's log file, when the cluster is ours. */
  log: string | null;
  /** Stop the server (fast: its connections are cut), keeping its files; null for an outside server. */
  halt: (() => void) | null;
  /** Start a halted server again on the same port. */
  resume: (() => void) | null;
  stop(): void;
}

const PASSWORD = "feedwright-test-secret";

/** The newest installed server's bin folder, or null. */
function serverBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Start a cluster (or take FEEDWRIGHT_TEST_POSTGRES); a string saying why not when there is no server. */
export async function startTestPostgres(env: NodeJS.ProcessEnv): Promise<TestPostgres | string> {
  if (env.FEEDWRIGHT_TEST_POSTGRES)
    return { url: env.FEEDWRIGHT_TEST_POSTGRES, log: null, halt: null, resume: null, stop: () => {} };
  const bin = serverBin();
  if (!bin)
    return "no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb) and FEEDWRIGHT_TEST_POSTGRES unset";
  const root = process.getuid?.() === 0;
  // runuser lives in /usr/sbin (and /sbin), which a CI job's PATH may well leave out.
  const runuser = root ? ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => existsSync(p)) : null;
  if (root && !runuser) return "running as root, and no runuser to start PostgreSQL as the postgres user";
  // Under /tmp itself, not the run's TMPDIR: the postgres user must be able to reach it.
  const dir = mkdtempSync("/tmp/feedwright-pg-");
  const owner = root ? (JSON.parse(execFileSync("id", ["-u", "postgres"]).toString()) as number) : null;
  if (owner !== null) chownSync(dir, owner, owner);
  const as = (cmd: string, args: string[]) =>
    root
      ? execFileSync(runuser!, ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" })
      : execFileSync(cmd, args, { stdio: "pipe" });
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, `${PASSWORD}\n`);
  if (owner !== null) chownSync(pwfile, owner, owner);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  as(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "feedwright",
    `--pwfile=${pwfile}`,
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--locale=C",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = () => as(join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", log, "-w", "start"]);
  start();
  const stop = () => {
    try {
      as(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  const halt = () => as(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  return {
    url: `postgres://feedwright:${PASSWORD}@127.0.0.1:${port}/postgres`,
    log,
    halt,
    resume: start,
    stop,
  };
}

/** The URL of `admin` with another database. */
export function withDatabase(admin: string, database: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Run one statement on the admin database. */
export async function adminQuery(admin: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}
