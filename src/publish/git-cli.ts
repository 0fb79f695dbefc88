/** Running the git CLI: safe settings, no prompts, and its failures as one-line AppErrors. */
import { execFile } from "node:child_process";
import { AppError, oneLine } from "../errors.ts";

// User hooks and signing must not run on (or block) a bot's commit; prompts would hang CI and the daemon.
const SAFE = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "commit.gpgSign=false",
  "-c",
  "advice.detachedHead=false",
];

/** Credentials in a URL (https://user:token@host) must never reach a message. */
const redact = (s: string) => s.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");

/** The most telling line of git's stderr: a rejected ref, the remote's error, then git's own error. */
function gitLine(stderr: string): string | null {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("hint:"));
  const rejected = lines.find((l) => /^! \[(remote )?rejected\]/.test(l));
  const remote = lines.find((l) => /^remote: (fatal|error)/i.test(l));
  const pick =
    (rejected && remote ? `${rejected}; ${remote}` : (rejected ?? remote)) ??
    lines.find((l) => /^(fatal|error): /.test(l)) ??
    lines.find((l) => !l.startsWith("To "));
  return pick ? pick.replace(/^(fatal|error): /, "").replace(/\s+/g, " ") : null;
}

/** Runs git with `args` and resolves to its stdout. */
export type Git = (args: string[], opts?: { env?: NodeJS.ProcessEnv }) => Promise<string>;

/** A git runner in `cwd`; failures become AppError PUBLISH with git's own first line. */
export function gitIn(cwd: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Git {
  const base: NodeJS.ProcessEnv = { ...env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  // Running inside a git hook sets these; they would point our commands at the user's repository.
  for (const k of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"]) delete base[k];
  return (args, opts = {}) =>
    new Promise((resolve, reject) => {
      execFile(
        "git",
        [...SAFE, ...args],
        { cwd, env: { ...base, ...opts.env }, signal, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          if ((err as NodeJS.ErrnoException).code === "ENOENT")
            return reject(new AppError("PUBLISH", "git: not found on PATH (install git to publish drafts)"));
          reject(
            new AppError("PUBLISH", redact(`git ${args[0]}: ${gitLine(stderr) ?? oneLine(err)}`), {
              cause: err,
            }),
          );
        },
      );
    });
}
