/** Publish a written draft: commit it to its branch and push, then open or update its pull request. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Config, DigestConfig } from "../config.ts";
import { outputPath, writeAtomic } from "../digest/write.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Db } from "../store/db.ts";
import { draftBytes, getDraft } from "../store/drafts.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import { type Identity, publishBranch, remoteUrl } from "./git.ts";
import { compareUrl, githubClient } from "./github.ts";
import { frontMatterTitle, prBody } from "./pr-body.ts";

/** Author and committer of feedwright's commits unless `publish.author` says otherwise. */
export const DEFAULT_IDENTITY: Identity = {
  name: "feedwright",
  email: "feedwright@users.noreply.github.com",
};

/**
 * Check, before anything changes, that publishing can run: a `publish:` block, and the token when
 * `publish.github` is set. Returns the token (never log it). AppError CONFIG (exit 2) otherwise.
 */
export function checkPublish(config: Config, env: NodeJS.ProcessEnv): { token: string | null } {
  const p = config.publish;
  if (!p)
    throw new AppError(
      "CONFIG",
      `${config.path}: publish: is not configured (see README, "Drafts as pull requests")`,
    );
  if (!p.github) return { token: null };
  const token = env[p.github.tokenEnv];
  if (!token)
    throw new AppError(
      "CONFIG",
      `${config.path}: publish.github.tokenEnv: environment variable ${p.github.tokenEnv} is not set (it must hold a GitHub token)`,
    );
  return { token };
}

/**
 * The draft file to publish: where it was written, or, when that is not on this machine, this
 * config's output path, filled from the bytes the store kept (PostgreSQL) if it is not there yet.
 */
async function draftFile(
  db: Db,
  digest: DigestConfig,
  date: string,
  written: string,
): Promise<string | null> {
  if (existsSync(written)) return written;
  const here = outputPath(digest.output, digest.id, date);
  if (!existsSync(here)) {
    const bytes = await draftBytes(db, digest.id, date);
    if (!bytes) return null;
    writeAtomic(here, new TextDecoder().decode(bytes));
  }
  return here;
}

/** Publish the draft already written for `digest` and `date` (as recorded in the store). */
export async function publishDraft(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  deps: { log: Logger; now: () => Date; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<{ outcome: string; url: string | null; message: string }> {
  if (!digest.publish)
    return { outcome: "skipped", url: null, message: `${digest.id}: publish is false for this digest` };
  const { token } = checkPublish(config, deps.env);
  const p = config.publish!;
  const record = await getDraft(db, digest.id, date);
  if (!record)
    throw new AppError("INPUT", `no draft of ${digest.id} for ${date} was written`, {
      hint: `run 'feedwright draft --digest ${digest.id} --date ${date}' first`,
    });
  const file = await draftFile(db, digest, date, record.path);
  if (!file)
    throw new AppError("INPUT", `${record.path}: the draft of ${digest.id} for ${date} is missing`, {
      hint: `run 'feedwright draft --digest ${digest.id} --date ${date}' to write it again`,
    });
  const branch = outputPath(p.branch, digest.id, date);
  const title = frontMatterTitle(readFileSync(file, "utf8")) ?? `${digest.title} — ${date}`;
  const identity = p.author ?? DEFAULT_IDENTITY;
  const repo = resolve(config.dir, p.repo);

  // Everything that can fail as bad input (template, selection) runs before git changes anything.
  const body = p.github ? await prBody(config, db, digest, date, branch) : null;
  body?.("0000000", file);

  const git = await publishBranch({
    repo,
    remote: p.remote,
    base: p.base,
    branch,
    file,
    subject: `${title} (feedwright draft)`,
    draftKey: `${digest.id}/${date}`,
    identity,
    env: deps.env,
    signal: deps.signal,
  });
  const log = deps.log.child({ digest: digest.id, date, branch });
  log.info({ outcome: git.outcome, commit: git.commit }, "publish: branch");
  if (git.outcome === "foreign") {
    const f = git.foreign;
    return {
      outcome: "kept-edits",
      url: null,
      message: `${branch}: commit ${f.sha.slice(0, 7)} by ${f.author} ("${f.subject}") was not made by feedwright; their edits win, nothing was updated`,
    };
  }
  if (git.outcome === "unchanged" && !git.branchExists)
    return {
      outcome: "unchanged",
      url: null,
      message: `${git.path} is already on ${p.base} as it is; there is nothing to publish`,
    };
  const pushed = git.outcome === "unchanged" ? `${branch} is up to date` : `pushed ${branch} to ${p.remote}`;
  if (!p.github || !body || token === null) {
    const url = compareUrl(await remoteUrl(repo, p.remote, deps.env), p.base, branch);
    return {
      outcome: git.outcome === "unchanged" ? "unchanged" : "pushed",
      url,
      message: `${pushed}${url ? `: ${url}` : ""}`,
    };
  }
  const gh = p.github;
  const client = githubClient({
    apiUrl: gh.apiUrl,
    repository: gh.repository,
    token,
    tokenEnv: gh.tokenEnv,
    userAgent: config.fetch.userAgent ?? DEFAULT_USER_AGENT,
    now: deps.now,
    signal: deps.signal,
  });
  const text = body(git.commit.slice(0, 7), git.path);
  const existing = await client.findOpenPr(branch, p.base);
  let outcome: string;
  let pr = existing;
  if (!pr) {
    pr = await client.createPr({ title, body: text, head: branch, base: p.base, draft: gh.draft });
    outcome = "opened";
    // Only when opening: asking again on every update would re-request reviews already given.
    await client.requestReviewers(pr.number, gh.reviewers);
  } else if (pr.title !== title || pr.body !== text) {
    pr = await client.updatePr(pr.number, { title, body: text });
    outcome = "updated";
  } else {
    outcome = "unchanged";
  }
  await client.addLabels(pr.number, gh.labels);
  log.info({ outcome, pr: pr.number }, "publish: pull request");
  const verb = { opened: "opened", updated: "updated", unchanged: "nothing to change in" }[outcome];
  return { outcome, url: pr.url, message: `${pushed}; ${verb} pull request #${pr.number}: ${pr.url}` };
}
