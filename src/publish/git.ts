/** The real git CLI: commit only the draft onto the digest branch in a temporary worktree, then push. */
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { AppError, oneLine } from "../errors.ts";
import { type Git, gitIn } from "./git-cli.ts";

/** The trailer that marks a commit as feedwright's own: `Feedwright-Draft: <digest>/<date>`. */
export const TRAILER = "Feedwright-Draft";

/** Who feedwright's commits are by (author and committer). */
export interface Identity {
  name: string;
  email: string;
}

/** What to publish and where. */
export interface BranchRequest {
  /** A folder inside the git working tree that holds the drafts. */
  repo: string;
  remote: string;
  base: string;
  branch: string;
  /** Absolute path of the draft file inside `repo`. */
  file: string;
  /** Commit subject line. */
  subject: string;
  /** The trailer's value, `<digest>/<date>`. */
  draftKey: string;
  identity: Identity;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
}

/** A commit on the branch that feedwright did not make. */
export interface ForeignCommit {
  sha: string;
  author: string;
  subject: string;
}

/** How the branch ended up. `foreign`: someone else committed to it, so nothing was changed. */
export type BranchResult =
  | { outcome: "created" | "updated"; commit: string; path: string }
  | { outcome: "unchanged"; commit: string; path: string; branchExists: boolean }
  | { outcome: "foreign"; commit: string; path: string; foreign: ForeignCommit };

async function remoteHeads(git: Git, remote: string, refs: string[]): Promise<Map<string, string>> {
  const out = await git(["ls-remote", remote, ...refs]);
  const heads = new Map<string, string>();
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref && refs.includes(ref)) heads.set(ref, sha);
  }
  return heads;
}

/** Commits in base..tip that are not feedwright's own commits for this draft. */
async function foreignCommits(git: Git, range: string, req: BranchRequest): Promise<ForeignCommit[]> {
  const fmt = `%H%x1f%an <%ae>%x1f%ce%x1f%(trailers:key=${TRAILER},valueonly,separator=%x2C)%x1f%s%x1e`;
  const out = await git(["log", `--format=${fmt}`, range]);
  return out
    .split("\x1e")
    .map((r) => r.trim())
    .filter((r) => r !== "")
    .map((r) => r.split("\x1f"))
    .filter(
      ([, , committer, trailer]) => committer !== req.identity.email || trailer?.trim() !== req.draftKey,
    )
    .map(([sha, author, , , subject]) => ({ sha: sha!, author: author!, subject: subject ?? "" }));
}

/**
 * Put the draft on `branch` (created from `base` when missing) as one commit touching only the
 * draft, and push it without force. Works in a temporary worktree so the user's checkout, index
 * and current branch stay as they were; if anyone else committed to the branch, changes nothing.
 */
export async function publishBranch(req: BranchRequest): Promise<BranchResult> {
  if (!existsSync(req.repo)) throw new AppError("CONFIG", `publish.repo: no such folder ${req.repo}`);
  const here = gitIn(req.repo, req.env, req.signal);
  const top = (
    await here(["rev-parse", "--show-toplevel"]).catch(() => {
      throw new AppError("CONFIG", `publish.repo: ${req.repo} is not inside a git working tree`);
    })
  ).trim();
  await here(["check-ref-format", "--branch", req.branch]).catch(() => {
    throw new AppError("CONFIG", `publish.branch: "${req.branch}" is not a valid git branch name`);
  });
  // git reports the top level with symlinks resolved; the draft's path must be compared the same way.
  const path = relative(top, realpathSync(req.file)).split("\\").join("/");
  if (path === "" || path.startsWith("..") || isAbsolute(path))
    throw new AppError(
      "CONFIG",
      `publish.repo: the draft ${req.file} is not inside the git working tree ${top}`,
    );
  const tmp = mkdtempSync(join(tmpdir(), "feedwright-publish-"));
  const wt = join(tmp, "worktree");
  const main = gitIn(top, req.env, req.signal);
  try {
    await main(["worktree", "add", "--detach", "--no-checkout", wt]).catch((err: unknown) => {
      throw /invalid reference|not a valid/.test(oneLine(err))
        ? new AppError("PUBLISH", `publish.repo: ${top} has no commits yet; commit something first`)
        : err;
    });
    const git = gitIn(wt, req.env, req.signal);
    const baseRef = `refs/heads/${req.base}`;
    const branchRef = `refs/heads/${req.branch}`;
    const heads = await remoteHeads(git, req.remote, [baseRef, branchRef]);
    if (!heads.has(baseRef))
      throw new AppError("PUBLISH", `publish.base: remote ${req.remote} has no branch ${req.base}`);
    const exists = heads.has(branchRef);
    // Private per-worktree refs: they disappear with the worktree and never show in the user's repo.
    await git([
      "fetch",
      "--no-tags",
      "--no-write-fetch-head",
      req.remote,
      `+${baseRef}:refs/worktree/feedwright/base`,
      ...(exists ? [`+${branchRef}:refs/worktree/feedwright/branch`] : []),
    ]);
    const start = exists ? "refs/worktree/feedwright/branch" : "refs/worktree/feedwright/base";
    const startSha = (await git(["rev-parse", `${start}^{commit}`])).trim();
    if (exists) {
      const foreign = await foreignCommits(
        git,
        "refs/worktree/feedwright/base..refs/worktree/feedwright/branch",
        req,
      );
      if (foreign.length > 0) return { outcome: "foreign", commit: startSha, path, foreign: foreign.at(-1)! };
    }
    // Straight into the worktree's own index: no checkout needed, and ignore rules cannot refuse it.
    await git(["read-tree", startSha]);
    const blob = (await git(["hash-object", "-w", `--path=${path}`, "--", req.file])).trim();
    await git(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`]);
    const tree = (await git(["write-tree"])).trim();
    if (tree === (await git(["rev-parse", `${startSha}^{tree}`])).trim())
      return { outcome: "unchanged", commit: startSha, path, branchExists: exists };
    const who = {
      GIT_AUTHOR_NAME: req.identity.name,
      GIT_AUTHOR_EMAIL: req.identity.email,
      GIT_COMMITTER_NAME: req.identity.name,
      GIT_COMMITTER_EMAIL: req.identity.email,
    };
    const message = `${req.subject}\n\n${TRAILER}: ${req.draftKey}\n`;
    const commit = (await git(["commit-tree", tree, "-p", startSha, "-m", message], { env: who })).trim();
    await git(["push", "--quiet", req.remote, `${commit}:${branchRef}`]).catch((err: unknown) => {
      throw /\[rejected\].*\((non-fast-forward|fetch first)\)/.test(oneLine(err))
        ? new AppError(
            "PUBLISH",
            `git push: ${req.branch} on ${req.remote} changed while publishing; nothing was overwritten, run publish again`,
            { cause: err },
          )
        : err;
    });
    return { outcome: exists ? "updated" : "created", commit, path };
  } finally {
    await main(["worktree", "remove", "--force", wt]).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    await main(["worktree", "prune"]).catch(() => undefined);
  }
}

/** The remote's URL, or null when it cannot be read. */
export async function remoteUrl(
  repo: string,
  remote: string,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  try {
    return (await gitIn(repo, env)(["remote", "get-url", remote])).trim() || null;
  } catch {
    return null;
  }
}
