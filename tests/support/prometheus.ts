/** The real Prometheus tools for tests: where they are, and a server on loopback with a temp data dir. */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

/** One alerting rule of a Prometheus rule file. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The alerting rules of a rule file's text, in order. */
export function alertRules(text: string): AlertRule[] {
  const doc = parse(text) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** The absolute path of an executable on PATH (or in /usr/bin, Debian's place), or null. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin"];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {}
  }
  return null;
}

/** The reason a Prometheus test is skipped, or "" when both tools are there. */
export function missingTools(...names: string[]): string {
  const missing = names.filter((n) => findTool(n) === null);
  return missing.length
    ? ` (skipped: ${missing.join(" and ")} not installed; Debian package "prometheus")`
    : "";
}

/** A running Prometheus server. */
export interface PrometheusServer {
  url: string;
  /** GET /api/v1/<path>?<params>: the parsed body (status "success" or "error"). */
  api(path: string, params?: Record<string, string>): Promise<ApiAnswer>;
  /** Resolves with `probe()`'s first truthy value, polling every 250 ms; rejects after `ms` with `what`. */
  until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms?: number): Promise<T>;
  logs(): string;
  close(): Promise<void>;
}

/** The envelope of Prometheus's HTTP API. */
export interface ApiAnswer {
  status: "success" | "error";
  data?: unknown;
  error?: string;
  errorType?: string;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start `prometheus` with `config` (prometheus.yml text) and `files` beside it, on 127.0.0.1. */
export async function startPrometheus(
  config: string,
  files: Record<string, string> = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-prometheus-"));
  writeFileSync(join(dir, "prometheus.yml"), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = "";
  const proc: ChildProcess = spawn(
    findTool("prometheus") ?? "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout!.on("data", (d) => {
    out += d;
  });
  proc.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<void>((r) => proc.on("close", () => r()));
  const api = async (path: string, params: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
    return (await res.json()) as ApiAnswer;
  };
  const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      if (proc.exitCode !== null)
        throw new Error(`prometheus exited ${proc.exitCode} while waiting for ${what}:\n${out}`);
      const v = await probe().catch(() => null);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; prometheus said:\n${out}`);
      await sleep(250);
    }
  };
  const close = async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until("prometheus to be ready", async () => (await fetch(`${url}/-/ready`)).ok);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, api, until, logs: () => out, close };
}
