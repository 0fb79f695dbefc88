/** Real git repositories for publish tests: a bare "remote" and the user's clone, in a temp folder. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pino from "pino";
import { type Config, parseConfig } from "../../src/config.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { saveDraft } from "../../src/store/drafts.ts";
import { type Engine, newStore } from "../support/engines.ts";

/** An editor's identity, distinct from feedwright's. */
export const EDITOR = { name: "Ed Itor", email: "editor@example.com" };

const ENV = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: EDITOR.name,
  GIT_AUTHOR_EMAIL: EDITOR.email,
  GIT_COMMITTER_NAME: EDITOR.name,
  GIT_COMMITTER_EMAIL: EDITOR.email,
};

/** The environment publish runs with in tests (no token unless a test adds one). */
export const TEST_ENV: NodeJS.ProcessEnv = { PATH: ENV.PATH, HOME: ENV.HOME, GIT_CONFIG_NOSYSTEM: "1" };

/** Run git in `cwd` as the editor; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: ENV, encoding: "utf8" }).trim();
}

/** A temp folder with `remote.git` (bare, branch main with one commit) and `work`, a clone of it. */
export function makeRepos(): { root: string; bare: string; work: string } {
  const root = mkdtempSync(join(tmpdir(), "feedwright-publish-test-"));
  const bare = join(root, "remote.git");
  const work = join(root, "work");
  git(root, "init", "-q", "--bare", "-b", "main", bare);
  git(root, "clone", "-q", bare, work);
  git(work, "symbolic-ref", "HEAD", "refs/heads/main");
  writeFileSync(join(work, "README.md"), "# newsletter\n");
  writeFileSync(join(work, ".gitignore"), ".feedwright/\n");
  git(work, "add", "README.md", ".gitignore");
  git(work, "commit", "-q", "-m", "initial");
  git(work, "push", "-q", "origin", "main");
  return { root, bare, work };
}

/** An editor's own clone of the remote, to push commits feedwright did not make. */
export function editorClone(root: string, bare: string, name = "editor"): string {
  const dir = join(root, name);
  git(root, "clone", "-q", bare, dir);
  return dir;
}

/** feeds.yaml text with one feed, one digest and the given `publish:` block (YAML lines, indented 2). */
export function configText(publish: string, feedUrl = "https://example.com/feed.xml"): string {
  return [
    "feeds:",
    `  - { id: blog, title: The Blog, url: "${feedUrl}" }`,
    "digests:",
    '  - { id: weekly, title: Weekly, output: "drafts/{date}-weekly.md", window: 7d }',
    "publish:",
    publish,
    "",
  ].join("\n");
}

/** A parsed config in `work` (written to feeds.yaml there) and its open store on `engine`. */
export async function setup(
  work: string,
  publish: string,
  engine: Engine = "sqlite",
): Promise<{ config: Config; db: Db }> {
  const text = configText(publish);
  writeFileSync(join(work, "feeds.yaml"), text);
  const env = engine === "postgres" ? { FEEDWRIGHT_STORE: await newStore(engine) } : {};
  const config = parseConfig(text, join(work, "feeds.yaml"), env);
  return { config, db: await openStore(config.store) };
}

/** Write a draft file and record it the way `feedwright draft` does. */
export async function writeRecordedDraft(
  db: Db,
  config: Config,
  date: string,
  text: string,
): Promise<string> {
  const digest = config.digests[0]!;
  const path = digest.output.replace("{date}", date);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  await saveDraft(db, {
    digestId: digest.id,
    date,
    path,
    entryIds: [],
    contentHash: "x",
    writtenAt: `${date}T09:00:00Z`,
  });
  return path;
}

/** A draft's text with a front matter title. */
export function draftText(title: string, body: string): string {
  return `---\nlayout: post\ntitle: "${title}"\ndate: 2026-01-15\n---\n# ${title}\n\n${body}\n`;
}

/** Dependencies of publishDraft for tests: a silent logger and a pinned clock. */
export function deps(env: NodeJS.ProcessEnv = TEST_ENV) {
  return { log: pino({ level: "silent" }), now: () => new Date("2026-01-15T10:00:00Z"), env };
}
