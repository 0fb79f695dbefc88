/** Run `node src/cli.ts` as a child process, the way users and CI do. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a CLI run produced. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = join(import.meta.dirname, "../../src/cli.ts");

/** Run the CLI with `args`; `env` is added to a minimal environment (no CI, no TTY). */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? process.cwd(),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        TMPDIR: process.env.TMPDIR ?? "",
        FEEDWRIGHT_LOG_LEVEL: "warn",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temp folder holding `feeds.yaml` with `text`; returns the folder and config path. */
export function tempConfig(text: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-"));
  const config = join(dir, "feeds.yaml");
  writeFileSync(config, text);
  return { dir, config };
}
