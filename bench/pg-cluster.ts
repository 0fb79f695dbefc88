/**
 * Run a bench against a throwaway PostgreSQL cluster, with one command:
 *
 *   node bench/pg-cluster.ts bench/fetch.ts 1000 16
 *   node bench/pg-cluster.ts bench/draft.ts --entries 1000000 --runs 3
 *
 * starts the installed server in a temp folder as the tests do (tests/support/postgres-cluster.ts:
 * fsync off, loopback, a free port; FEEDWRIGHT_TEST_POSTGRES names a server to use instead), creates
 * an empty database, runs `node <script> <args…> --store <its URL>`, prints the server's CPU over the
 * whole run (also for a script of an older commit that does not report it), and stops the cluster.
 */
import { spawn } from "node:child_process";
import { adminQuery, startTestPostgres, withDatabase } from "../tests/support/postgres-cluster.ts";
import { serverCpu, serverCpuText } from "./server-cpu.ts";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node bench/pg-cluster.ts <bench script> [its arguments…]");
  process.exit(2);
}
const server = await startTestPostgres(process.env);
if (typeof server === "string") {
  console.error(`bench/pg-cluster: no PostgreSQL server: ${server}`);
  process.exit(1);
}
const name = `bench_${process.pid}`;
let code = 1;
try {
  await adminQuery(server.url, `CREATE DATABASE ${name}`);
  const url = withDatabase(server.url, name);
  const meter = await serverCpu(url);
  const child = spawn(process.execPath, [script, ...args, "--store", url], { stdio: "inherit" });
  // Ctrl-C reaches the bench too (same process group); wait for it, then stop the cluster.
  process.on("SIGINT", () => {});
  code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  console.log(`bench/pg-cluster: whole run ${serverCpuText(meter, 0)}`);
} finally {
  if (server.log) server.stop();
  else await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
process.exit(code);
