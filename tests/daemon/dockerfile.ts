/** What the Dockerfile sets up for the daemon, read from the file itself so tests and bench/daemon.ts follow it. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository's Dockerfile. */
export const DOCKERFILE = join(import.meta.dirname, "../../Dockerfile");

/** The image as the daemon sees it: its environment, the compile-cache warm-up and its command. */
export interface Image {
  /** Every `ENV KEY=VALUE` line, in order (quotes removed). */
  env: Record<string, string>;
  /** The shell command of the `RUN` line that warms the compile cache. */
  warmUp: string;
  /** The `CMD` argv. */
  cmd: string[];
}

/** Parse the Dockerfile (one `ENV KEY=VALUE` per line, exec-form `CMD`). */
export function readImage(text: string = readFileSync(DOCKERFILE, "utf8")): Image {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^ENV (\w+)=(?:"([^"]*)"|(\S+))$/gm)) env[m[1]!] = m[2] ?? m[3]!;
  const warmUp = /^RUN (.*warm-cache\.ts.*)$/m.exec(text)?.[1];
  const cmd = /^CMD (\[.*\])$/m.exec(text)?.[1];
  if (!warmUp || !cmd) throw new Error("Dockerfile: no compile-cache warm-up RUN line or no CMD");
  return { env, warmUp, cmd: JSON.parse(cmd) as string[] };
}

/**
 * The image's environment for a process started on this machine: its ENV, less an `LD_PRELOAD` that
 * cannot be loaded here (the image installs libjemalloc2; where it is missing the loader prints an error
 * for every process and runs glibc's malloc anyway). `dropped` names what was left out.
 */
export function hostEnv(image: Image): { env: Record<string, string>; dropped: string | null } {
  const { LD_PRELOAD, ...rest } = image.env;
  if (!LD_PRELOAD) return { env: image.env, dropped: null };
  const probe = spawnSync(process.execPath, ["-e", ""], { env: { LD_PRELOAD }, encoding: "utf8" });
  return /cannot be preloaded/.test(probe.stderr)
    ? { env: rest, dropped: `LD_PRELOAD=${LD_PRELOAD}` }
    : { env: image.env, dropped: null };
}
