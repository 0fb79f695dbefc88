import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configText, editorClone, git, makeRepos } from "../publish/repos.ts";
import { runCli } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const TOKEN = "ghp_cli_secret_token_456";
const BRANCH = "digest/weekly/2026-01-15";
const NOW = "2026-01-15T10:00:00Z";
const PR_URL = "https://github.example/acme/news/pull/7";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>The Blog</title><link>https://blog.example/</link>
<item><title>Kubernetes 1.40 released</title><link>https://blog.example/k140</link><pubDate>Mon, 12 Jan 2026 08:00:00 GMT</pubDate><description>New release.</description></item>
<item><title>Service mesh notes</title><link>https://blog.example/mesh</link><pubDate>Tue, 13 Jan 2026 08:00:00 GMT</pubDate><description>Notes.</description></item>
<item><title>An undated post</title><link>https://blog.example/undated</link><description>No date here.</description></item>
</channel></rss>`;

const feed = http.get(
  "*/feed.xml",
  () => new HttpResponse(RSS, { headers: { "content-type": "application/rss+xml" } }),
);

let server: FeedServer;
let bodies: { title: string; body: string }[];
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  bodies = [];
  server.use(
    http.get(
      "*/feed.xml",
      () => new HttpResponse(RSS, { headers: { "content-type": "application/rss+xml" } }),
    ),
    http.get("*/repos/acme/news/pulls", () => HttpResponse.json([])),
    http.post("*/repos/acme/news/pulls", async ({ request }) => {
      const b = (await request.json()) as { title: string; body: string };
      bodies.push(b);
      return HttpResponse.json({ number: 7, html_url: PR_URL, ...b }, { status: 201 });
    }),
    http.post("*/repos/acme/news/issues/7/labels", () => HttpResponse.json([])),
  );
});

function project(github = true) {
  const repos = makeRepos();
  const publish = github
    ? `  repo: .\n  github: { repository: acme/news, apiUrl: "${server.url}", labels: [digest] }`
    : "  repo: .";
  const config = join(repos.work, "feeds.yaml");
  writeFileSync(config, configText(publish, `${server.url}/feed.xml`));
  const cli = (args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) =>
    runCli([args[0]!, "--config", config, ...args.slice(1)], {
      cwd: repos.work,
      env: { FEEDWRIGHT_NOW: NOW, ...env },
    });
  return { ...repos, config, cli };
}

describe("feedwright run --publish / publish", () => {
  it("fetches, drafts, pushes the branch and opens the PR with a coverage report; the token appears nowhere", async () => {
    const { bare, work, cli } = project();
    const r = await cli(["run", "--publish"]);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`pushed ${BRANCH} to origin; opened pull request #7: ${PR_URL}`);
    expect(git(bare, "diff", "--name-only", `main...${BRANCH}`)).toBe("drafts/2026-01-15-weekly.md");
    expect(git(work, "symbolic-ref", "--short", "HEAD")).toBe("main");
    expect(bodies).toHaveLength(1);
    const { title, body } = bodies[0]!;
    expect(title).toBe("Weekly — 2026-01-15");
    expect(body.split("\n")[0]).toBe(
      "Draft of **Weekly** for 2026-01-15: `drafts/2026-01-15-weekly.md` — items published 2026-01-09 to 2026-01-15 (7 days).",
    );
    // The feed's first poll: nothing can have been missed between polls, so no warning.
    expect(body).toContain("| The Blog | ok | 3 | 3 |  |");
    expect(body).toContain("- The Blog: 1 without a date");
    expect(body).not.toContain(TOKEN);
  });

  it("run --publish without a publish: block is bad input, reported before any feed is fetched", async () => {
    const { config, cli } = project();
    writeFileSync(config, configText("  repo: .").replace(/publish:\n {2}repo: \.\n/, ""));
    const r = await cli(["run", "--publish"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${config}: publish: is not configured (see README, "Drafts as pull requests")`,
    );
    expect(server.requests).toEqual([]);
  });

  it("publish without the token exits 2 with one line and pushes nothing", async () => {
    const { bare, config, cli } = project();
    expect((await cli(["run"])).code).toBe(0);
    const r = await cli(["publish"], {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${config}: publish.github.tokenEnv: environment variable GITHUB_TOKEN is not set (it must hold a GitHub token)`,
    );
    expect(git(bare, "branch", "--list", BRANCH)).toBe("");
  });

  it("publish with a rejected token exits 1 with one line; the draft and the branch stay", async () => {
    server.use(
      feed,
      http.get("*/repos/acme/news/pulls", () =>
        HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
      ),
    );
    const { bare, work, cli } = project();
    await cli(["run"]);
    const r = await cli(["publish", "--digest", "weekly", "--date", "2026-01-15"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "GitHub API 401 GET /repos/acme/news/pulls: Bad credentials; the token in $GITHUB_TOKEN was rejected (expired, revoked or mistyped)",
    );
    expect(existsSync(join(work, "drafts/2026-01-15-weekly.md"))).toBe(true);
    expect(git(bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("1");
  });

  it("without github: pushes the branch and says where; after an editor's commit it updates nothing and exits 0", async () => {
    const { root, bare, cli } = project(false);
    const first = await cli(["run", "--publish"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`pushed ${BRANCH} to origin`);
    const ed = editorClone(root, bare);
    git(ed, "checkout", "-q", BRANCH);
    appendFileSync(join(ed, "drafts/2026-01-15-weekly.md"), "\nEditor's intro.\n");
    git(ed, "commit", "-q", "-am", "Intro");
    git(ed, "push", "-q", "origin", BRANCH);
    const tip = git(bare, "rev-parse", BRANCH);
    // The same job running again (CI re-run): drafting is fine, publishing leaves the editor's branch alone.
    const again = await cli(["run", "--publish"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `${BRANCH}: commit ${tip.slice(0, 7)} by Ed Itor <editor@example.com> ("Intro")`,
    );
    const later = await cli(["publish"]);
    expect(later.code).toBe(0);
    expect(later.stdout).toMatch(/their edits win, nothing was updated/);
    expect(git(bare, "rev-parse", BRANCH)).toBe(tip);
  });

  it("rejects a bad --date before touching anything", async () => {
    const { cli } = project();
    const r = await cli(["publish", "--date", "2026-02-30"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--date: must be a real date YYYY-MM-DD (got "2026-02-30")');
  });
});
