/** A `feedwright daemon` child process whose JSON log lines a test can wait for. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

/** A running (or finished) daemon process. */
export interface DaemonChild {
  proc: ChildProcess;
  /** The endpoints' base URL, from the "listening on" line on stdout. */
  url: Promise<string>;
  logs: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the `count`-th log line matching `pred` (already seen ones count). */
  waitLog(pred: (l: Record<string, unknown>) => boolean, count?: number): Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
}

/** Start `node <argv>` in the repository root (argv[0] is normally src/cli.ts). */
export function spawnNode(argv: string[], env: Record<string, string> = {}): DaemonChild {
  const proc = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", FEEDWRIGHT_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let partial = "";
  const logs: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const exit = new Promise<number | null>((resolve) => proc.on("close", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!.replace("0.0.0.0", "127.0.0.1"));
    });
    void exit.then((code) => reject(new Error(`daemon exited ${code} before listening: ${err}`)));
  });
  url.catch(() => {});
  proc.stderr!.on("data", (d) => {
    err += d;
    partial += d;
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ text: line });
      }
    }
    for (const w of waiters.splice(0)) w();
  });
  const waitLog = (pred: (l: Record<string, unknown>) => boolean, count = 1) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hits = logs.filter(pred);
        if (hits.length >= count) return resolve(hits[count - 1]!);
        waiters.push(check);
      };
      void exit.then((code) => reject(new Error(`daemon exited ${code} while waiting; stderr:\n${err}`)));
      check();
    });
  return { proc, url, logs, stdout: () => out, stderr: () => err, waitLog, exit };
}

/** Start `feedwright daemon` with `args`. */
export function spawnDaemon(args: string[], env: Record<string, string> = {}): DaemonChild {
  return spawnNode(["src/cli.ts", "daemon", ...args], env);
}
