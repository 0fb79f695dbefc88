import { appendFileSync, existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { isAppError } from "../../src/errors.ts";
import { publishDraft } from "../../src/publish/publish.ts";
import { saveDraft } from "../../src/store/drafts.ts";
import { forEachEngine } from "../support/engines.ts";
import { deps, draftText, EDITOR, editorClone, git, makeRepos, setup, writeRecordedDraft } from "./repos.ts";

const PUBLISH = "  { repo: ., remote: origin, base: main }";
const DATE = "2026-01-15";
const BRANCH = "digest/weekly/2026-01-15";
const NOW = "2026-01-15T09:00:00Z";

/** Everything about the user's checkout that publishing must leave alone. */
function checkoutState(work: string) {
  return {
    head: git(work, "rev-parse", "HEAD"),
    branch: git(work, "symbolic-ref", "--short", "HEAD"),
    status: git(work, "status", "--porcelain=v1", "--untracked-files=all"),
    index: git(work, "ls-files", "--stage"),
    worktrees: git(work, "worktree", "list", "--porcelain"),
    // Pushing to a named remote updates its remote-tracking ref, as every `git push` does; the user's own refs stay.
    refs: git(work, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"),
  };
}

forEachEngine("publishDraft with real git (no github: push only)", (engine) => {
  it("first publish creates the branch with one commit holding only the draft; the checkout is untouched", async () => {
    const { bare, work } = makeRepos();
    // The user is on another branch with uncommitted and staged work.
    git(work, "checkout", "-q", "-b", "feature");
    appendFileSync(join(work, "README.md"), "work in progress\n");
    writeFileSync(join(work, "notes.txt"), "staged\n");
    git(work, "add", "notes.txt");
    const { config, db } = await setup(work, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly — 2026-01-15", "First story."));
    const before = checkoutState(work);

    const result = await publishDraft(config, db, config.digests[0]!, DATE, deps());

    expect(result.outcome).toBe("pushed");
    expect(result.message).toBe(`pushed ${BRANCH} to origin`);
    expect(result.url).toBeNull(); // a file remote has no web page to compare on
    expect(checkoutState(work)).toEqual(before);
    expect(git(bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("1");
    expect(git(bare, "diff", "--name-only", `main...${BRANCH}`)).toBe("drafts/2026-01-15-weekly.md");
    expect(git(bare, "show", `${BRANCH}:drafts/2026-01-15-weekly.md`)).toContain("First story.");
    expect(git(bare, "log", "-1", "--format=%an <%ae>|%cn|%s", BRANCH)).toBe(
      "feedwright <feedwright@users.noreply.github.com>|feedwright|Weekly — 2026-01-15 (feedwright draft)",
    );
    expect(git(bare, "log", "-1", "--format=%(trailers:key=Feedwright-Draft,valueonly)", BRANCH)).toBe(
      "weekly/2026-01-15",
    );
    db.close();
  });

  it("a second publish with new entries adds a commit to the same branch; an identical one adds none", async () => {
    const { bare, work } = makeRepos();
    // Drafts ignored in this clone are still what publishing is for.
    appendFileSync(join(work, ".git/info/exclude"), "drafts/\n");
    const { config, db } = await setup(
      work,
      `${PUBLISH.slice(0, -2)}, author: { name: Bot, email: bot@example.com } }`,
      engine,
    );
    const path = await writeRecordedDraft(db, config, DATE, draftText("Weekly", "First story."));
    await publishDraft(config, db, config.digests[0]!, DATE, deps());
    const first = git(bare, "rev-parse", BRANCH);

    writeFileSync(path, draftText("Weekly", "First story.\n\nSecond story."));
    const second = await publishDraft(config, db, config.digests[0]!, DATE, deps());
    expect(second.outcome).toBe("pushed");
    expect(git(bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("2");
    expect(git(bare, "rev-parse", `${BRANCH}^`)).toBe(first);
    expect(git(bare, "show", `${BRANCH}:drafts/2026-01-15-weekly.md`)).toContain("Second story.");
    expect(git(bare, "log", "-1", "--format=%an <%ae>", BRANCH)).toBe("Bot <bot@example.com>");

    const third = await publishDraft(config, db, config.digests[0]!, DATE, deps());
    expect(third).toEqual({ outcome: "unchanged", url: null, message: `${BRANCH} is up to date` });
    expect(git(bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("2");
    db.close();
  });

  it("an editor's commit on the branch stops further updates, says so, and changes nothing", async () => {
    const { root, bare, work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    const path = await writeRecordedDraft(db, config, DATE, draftText("Weekly", "First story."));
    await publishDraft(config, db, config.digests[0]!, DATE, deps());

    const ed = editorClone(root, bare);
    git(ed, "checkout", "-q", BRANCH);
    appendFileSync(join(ed, "drafts/2026-01-15-weekly.md"), "\nThe editor's analysis.\n");
    git(ed, "commit", "-q", "-am", "Write the analysis");
    git(ed, "push", "-q", "origin", BRANCH);
    const edited = git(bare, "rev-parse", BRANCH);

    writeFileSync(path, draftText("Weekly", "First story.\n\nA late story."));
    const result = await publishDraft(config, db, config.digests[0]!, DATE, deps());
    expect(result.outcome).toBe("kept-edits");
    expect(result.message).toMatch(
      new RegExp(
        `^${BRANCH}: commit ${edited.slice(0, 7)} by ${EDITOR.name} <${EDITOR.email}> \\("Write the analysis"\\) was not made by feedwright; their edits win, nothing was updated$`,
      ),
    );
    expect(git(bare, "rev-parse", BRANCH)).toBe(edited);
    db.close();
  });

  it("an editor amending feedwright's commit (trailer kept, committer changed) also stops updates", async () => {
    const { root, bare, work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    const path = await writeRecordedDraft(db, config, DATE, draftText("Weekly", "First story."));
    await publishDraft(config, db, config.digests[0]!, DATE, deps());
    const ed = editorClone(root, bare);
    git(ed, "checkout", "-q", BRANCH);
    appendFileSync(join(ed, "drafts/2026-01-15-weekly.md"), "\nFixed a typo.\n");
    git(ed, "commit", "-q", "-a", "--amend", "--no-edit");
    git(ed, "push", "-q", "--force", "origin", BRANCH);
    const amended = git(bare, "rev-parse", BRANCH);
    writeFileSync(path, draftText("Weekly", "Changed."));
    const result = await publishDraft(config, db, config.digests[0]!, DATE, deps());
    expect(result.outcome).toBe("kept-edits");
    expect(git(bare, "rev-parse", BRANCH)).toBe(amended);
    db.close();
  });

  it("a draft that base already holds byte for byte publishes nothing and creates no branch", async () => {
    const { bare, work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Merged already."));
    git(work, "add", "drafts");
    git(work, "commit", "-q", "-m", "merge the draft");
    git(work, "push", "-q", "origin", "main");
    const result = await publishDraft(config, db, config.digests[0]!, DATE, deps());
    expect(result.outcome).toBe("unchanged");
    expect(result.message).toBe(
      "drafts/2026-01-15-weekly.md is already on main as it is; there is nothing to publish",
    );
    expect(git(bare, "branch", "--list", BRANCH)).toBe("");
    db.close();
  });

  it("fails with one line when the remote has no base branch, leaving the draft in place", async () => {
    const { work } = makeRepos();
    const { config, db } = await setup(work, "  { repo: ., remote: origin, base: trunk }", engine);
    const path = await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toBe("publish.base: remote origin has no branch trunk");
    expect(existsSync(path)).toBe(true);
    expect(git(work, "worktree", "list").split("\n")).toHaveLength(1);
    db.close();
  });

  it("never overwrites a branch that moved on the remote while publishing", async () => {
    const { root, bare, work } = makeRepos();
    // Fetches read one copy of the remote and pushes go to another in which the branch already
    // moved on: the same situation as a push landing between our fetch and our push.
    const moved = join(root, "moved.git");
    git(root, "clone", "-q", "--bare", bare, moved);
    const ed = editorClone(root, moved, "racer");
    git(ed, "checkout", "-q", "-b", BRANCH);
    git(ed, "commit", "-q", "--allow-empty", "-m", "someone else");
    git(ed, "push", "-q", "origin", BRANCH);
    const theirs = git(moved, "rev-parse", BRANCH);
    git(work, "remote", "set-url", "--push", "origin", moved);
    const { config, db } = await setup(work, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toBe(
      `git push: ${BRANCH} on origin changed while publishing; nothing was overwritten, run publish again`,
    );
    expect(git(moved, "rev-parse", BRANCH)).toBe(theirs);
    db.close();
  });

  it("a push the remote declines (e.g. branch protection) ends in the remote's one line", async () => {
    const { bare, work } = makeRepos();
    writeFileSync(
      join(bare, "hooks/pre-receive"),
      "#!/bin/sh\necho 'error: digest branches are protected' >&2\nexit 1\n",
      {
        mode: 0o755,
      },
    );
    const { config, db } = await setup(work, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toMatch(
      /^git push: ! \[remote rejected\] \S+ -> digest\/weekly\/2026-01-15 \(pre-receive hook declined\); remote: error: digest branches are protected$/,
    );
    db.close();
  });

  it("fails with git's own line when the remote cannot be reached", async () => {
    const { work } = makeRepos();
    const { config, db } = await setup(work, "  { repo: ., remote: nowhere, base: main }", engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toMatch(
      /^git ls-remote: 'nowhere' does not appear to be a git repository$/,
    );
    db.close();
  });

  it("a repo that is not a git working tree, or a branch pattern git refuses, is bad input", async () => {
    const { root, work } = makeRepos();
    const plain = join(root, "plain");
    mkdirSync(plain);
    const outside = await setup(work, `  { repo: "${plain}", remote: origin, base: main }`, engine);
    await writeRecordedDraft(outside.db, outside.config, DATE, draftText("Weekly", "Story."));
    const e1 = await publishDraft(outside.config, outside.db, outside.config.digests[0]!, DATE, deps()).catch(
      (e: unknown) => e,
    );
    expect(isAppError(e1, "CONFIG")).toBe(true);
    expect((e1 as Error).message).toBe(`publish.repo: ${plain} is not inside a git working tree`);
    outside.db.close();
    const bad = await setup(work, '  { repo: ., branch: "digest {id}..{date}" }', engine);
    await writeRecordedDraft(bad.db, bad.config, DATE, draftText("Weekly", "Story."));
    const e2 = await publishDraft(bad.config, bad.db, bad.config.digests[0]!, DATE, deps()).catch(
      (e: unknown) => e,
    );
    expect(isAppError(e2, "CONFIG")).toBe(true);
    expect((e2 as Error).message).toBe(
      'publish.branch: "digest weekly..2026-01-15" is not a valid git branch name',
    );
    bad.db.close();
  });

  it("publishes when the config is reached through a symlink to the working tree", async () => {
    const { root, bare, work } = makeRepos();
    const link = join(root, "link");
    symlinkSync(work, link);
    const { config, db } = await setup(link, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    expect((await publishDraft(config, db, config.digests[0]!, DATE, deps())).outcome).toBe("pushed");
    expect(git(bare, "diff", "--name-only", `main...${BRANCH}`)).toBe("drafts/2026-01-15-weekly.md");
    db.close();
  });

  it("a draft written outside the git working tree is bad input", async () => {
    const { root, work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    const elsewhere = join(root, "elsewhere.md");
    writeFileSync(elsewhere, draftText("Weekly", "Story."));
    await saveDraft(db, {
      digestId: "weekly",
      date: DATE,
      path: elsewhere,
      entryIds: [],
      contentHash: "x",
      writtenAt: NOW,
    });
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "CONFIG")).toBe(true);
    expect((err as Error).message).toBe(
      `publish.repo: the draft ${elsewhere} is not inside the git working tree ${realpathSync(work)}`,
    );
    db.close();
  });

  it("never shows credentials of a remote URL in a message", async () => {
    const { work } = makeRepos();
    git(work, "remote", "add", "private", "https://someone:s3cr3t-token@127.0.0.1:9/acme/news.git");
    const { config, db } = await setup(work, "  { repo: ., remote: private, base: main }", engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toMatch(/^git ls-remote: /);
    expect((err as Error).message).not.toContain("s3cr3t-token");
    db.close();
  });

  it("a digest with publish: false is skipped without touching git", async () => {
    const { bare, work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const digest = { ...config.digests[0]!, publish: false };
    expect(await publishDraft(config, db, digest, DATE, deps())).toEqual({
      outcome: "skipped",
      url: null,
      message: "weekly: publish is false for this digest",
    });
    expect(git(bare, "branch", "--list", BRANCH)).toBe("");
    db.close();
  });

  it("refuses with a usage error when no draft was written for the date", async () => {
    const { work } = makeRepos();
    const { config, db } = await setup(work, PUBLISH, engine);
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps()).catch((e: unknown) => e);
    expect(isAppError(err, "INPUT")).toBe(true);
    expect((err as Error).message).toBe("no draft of weekly for 2026-01-15 was written");
    db.close();
  });
});
