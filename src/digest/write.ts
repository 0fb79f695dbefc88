/** Writing drafts: atomic (temp file + rename), and never over an editor's edits. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { AppError, oneLine } from "../errors.ts";
import { isoWeek } from "./window.ts";

/** sha256 of the bytes of a draft. */
export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const FS_CAUSES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
};

/** A failed file write as one line naming the file and the cause (AppError WRITE). */
function writeFailure(path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const cause = FS_CAUSES[code] ?? oneLine(err);
  return new AppError(
    "WRITE",
    `${path}: cannot write the file: ${cause}${FS_CAUSES[code] ? ` (${code})` : ""}`,
    {
      cause: err,
    },
  );
}

/** The temp-file name pattern of writeAtomic, capturing the writer's pid. */
const tempName = (base: string) =>
  new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.\\d+\\.tmp$`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove temp files that writers killed before their rename left beside `path` (their pid is gone). */
function removeStaleTemps(path: string): void {
  const dir = dirname(path);
  const pattern = tempName(basename(path));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Write `text` to `path` atomically: readers see the old file or the new one, never half of one.
 * A failure (read-only folder, full disk) is one line naming the file, and the old file stays.
 */
export function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    removeStaleTemps(path);
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeFailure(path, err);
  }
}

/** The output path for a digest and date: {date}, {id}, {year}, {month}, {week} (ISO week) substituted. */
export function outputPath(pattern: string, id: string, date: string): string {
  const { year: wy, week } = isoWeek(date);
  return pattern
    .replaceAll("{date}", date)
    .replaceAll("{id}", id)
    .replaceAll("{year}", date.slice(0, 4))
    .replaceAll("{month}", date.slice(5, 7))
    .replaceAll("{week}", `${wy}-W${String(week).padStart(2, "0")}`);
}

/** `x.md` → `x.new.md` / `x.bak.md`. */
export function sibling(path: string, tag: "new" | "bak"): string {
  return path.endsWith(".md") ? `${path.slice(0, -3)}.${tag}.md` : `${path}.${tag}`;
}

/** What happened to the file. */
export type WriteOutcome = "created" | "updated" | "unchanged" | "kept-edits" | "forced";

/** Where the draft went. */
export interface WriteResult {
  outcome: WriteOutcome;
  /** The file holding the new draft (the `.new.md` file when the editor's file was kept). */
  path: string;
  /** The editor's file saved before --force overwrote it. */
  backup: string | null;
}

/**
 * Write a draft unless that would lose an editor's work: a file that differs from what feedwright
 * wrote (by hash: `ownHashes`) is kept and the new draft goes beside it as `.new.md`; `force` first copies
 * the edited file to `.bak.md`.
 */
export function writeDraftFile(
  path: string,
  text: string,
  ownHashes: readonly string[],
  force: boolean,
): WriteResult {
  if (!existsSync(path)) {
    writeAtomic(path, text);
    return { outcome: "created", path, backup: null };
  }
  const current = readFileSync(path, "utf8");
  if (current === text) return { outcome: "unchanged", path, backup: null };
  const edited = !ownHashes.includes(hashText(current));
  if (!edited) {
    writeAtomic(path, text);
    return { outcome: "updated", path, backup: null };
  }
  if (force) {
    const backup = sibling(path, "bak");
    writeAtomic(backup, current);
    writeAtomic(path, text);
    return { outcome: "forced", path, backup };
  }
  const side = sibling(path, "new");
  writeAtomic(side, text);
  return { outcome: "kept-edits", path: side, backup: null };
}
