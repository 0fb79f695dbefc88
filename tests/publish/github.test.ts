import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.ts";
import { compareUrl } from "../../src/publish/github.ts";
import { publishDraft } from "../../src/publish/publish.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { deps, draftText, git, makeRepos, setup, TEST_ENV, writeRecordedDraft } from "./repos.ts";

const DATE = "2026-01-15";
const BRANCH = "digest/weekly/2026-01-15";
const TOKEN = "ghp_test_secret_token_123";
const ENV = { ...TEST_ENV, GH_PUBLISH_TOKEN: TOKEN };
const PULLS = "/repos/acme/news/pulls";
const PR_URL = "https://github.example/acme/news/pull/7";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function publishBlock(extra = "reviewers: [alice, bob], labels: [digest, weekly], draft: true"): string {
  return [
    "  repo: .",
    "  github:",
    `    { repository: acme/news, apiUrl: "${server.url}/api/v3", tokenEnv: GH_PUBLISH_TOKEN, ${extra} }`,
  ].join("\n");
}

async function fixture(extra?: string) {
  const repos = makeRepos();
  const { config, db } = await setup(repos.work, publishBlock(extra));
  await writeRecordedDraft(db, config, DATE, draftText("Weekly — 2026-01-15", "First story."));
  const publish = () => publishDraft(config, db, config.digests[0]!, DATE, deps(ENV));
  return { ...repos, config, db, publish };
}

const pr = (over: object = {}) => ({
  number: 7,
  html_url: PR_URL,
  title: "Weekly — 2026-01-15",
  body: "",
  ...over,
});
const seen = () => server.requests.map((r) => `${r.method} ${r.path}`);
const json = (i: number) => JSON.parse(server.requests[i]!.body);

describe("publishDraft with github", () => {
  it("opens a pull request with the front matter title and the coverage body, then asks reviewers and adds labels", async () => {
    server.use(
      http.get(`*${PULLS}`, () => HttpResponse.json([])),
      http.post(`*${PULLS}`, async ({ request }) =>
        HttpResponse.json(pr((await request.json()) as object), { status: 201 }),
      ),
      http.post(`*${PULLS}/7/requested_reviewers`, () => HttpResponse.json({}, { status: 201 })),
      http.post("*/repos/acme/news/issues/7/labels", () => HttpResponse.json([])),
    );
    const { bare, publish, db } = await fixture();
    const result = await publish();
    expect(result).toEqual({
      outcome: "opened",
      url: PR_URL,
      message: `pushed ${BRANCH} to origin; opened pull request #7: ${PR_URL}`,
    });
    expect(seen()).toEqual([
      `GET /api/v3${PULLS}?state=open&head=acme%3A${encodeURIComponent(BRANCH)}&base=main&per_page=1`,
      `POST /api/v3${PULLS}`,
      `POST /api/v3${PULLS}/7/requested_reviewers`,
      "POST /api/v3/repos/acme/news/issues/7/labels",
    ]);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe("application/vnd.github+json");
      expect(r.headers["x-github-api-version"]).toBe("2022-11-28");
    }
    const created = json(1);
    expect(created).toMatchObject({ title: "Weekly — 2026-01-15", head: BRANCH, base: "main", draft: true });
    const sha = git(bare, "rev-parse", "--short=7", BRANCH);
    expect(created.body).toContain("## Coverage");
    expect(created.body).toContain(`Written by feedwright for commit ${sha} on \`${BRANCH}\``);
    expect(created.body).toContain("| The Blog | **never fetched** | 0 | 0 |");
    expect(created.body).not.toContain(TOKEN);
    expect(json(2)).toEqual({ reviewers: ["alice", "bob"] });
    expect(json(3)).toEqual({ labels: ["digest", "weekly"] });
    db.close();
  });

  it("updates the open pull request of the branch instead of opening a second one, and skips an identical update", async () => {
    let created: { title: string; body: string } | undefined;
    server.use(
      http.get(`*${PULLS}`, () => HttpResponse.json(created ? [pr(created)] : [])),
      http.post(`*${PULLS}`, async ({ request }) => {
        created = (await request.json()) as { title: string; body: string };
        return HttpResponse.json(pr(created), { status: 201 });
      }),
      http.patch(`*${PULLS}/7`, async ({ request }) =>
        HttpResponse.json(pr((await request.json()) as object)),
      ),
      http.post(`*${PULLS}/7/requested_reviewers`, () => HttpResponse.json({}, { status: 201 })),
      http.post("*/repos/acme/news/issues/7/labels", () => HttpResponse.json([])),
    );
    const { publish, db, config } = await fixture();
    await publish();
    // An identical run: same branch content, same description.
    server.requests.length = 0;
    const same = await publish();
    expect(same.outcome).toBe("unchanged");
    expect(same.message).toBe(`${BRANCH} is up to date; nothing to change in pull request #7: ${PR_URL}`);
    expect(seen().map((s) => s.replace(/\?.*/, ""))).toEqual([
      `GET /api/v3${PULLS}`,
      "POST /api/v3/repos/acme/news/issues/7/labels",
    ]);
    // New entries: a new commit, and the description follows it.
    await writeRecordedDraft(
      db,
      config,
      DATE,
      draftText("Weekly — 2026-01-15 (2 stories)", "First.\n\nSecond."),
    );
    server.requests.length = 0;
    const updated = await publish();
    expect(updated).toEqual({
      outcome: "updated",
      url: PR_URL,
      message: `pushed ${BRANCH} to origin; updated pull request #7: ${PR_URL}`,
    });
    expect(seen().map((s) => s.replace(/\?.*/, ""))).toEqual([
      `GET /api/v3${PULLS}`,
      `PATCH /api/v3${PULLS}/7`,
      "POST /api/v3/repos/acme/news/issues/7/labels",
    ]);
    expect(json(1).title).toBe("Weekly — 2026-01-15 (2 stories)");
    expect(Object.keys(json(1)).sort()).toEqual(["body", "title"]);
    db.close();
  });

  it("makes no reviewer or label requests when none are configured", async () => {
    server.use(
      http.get(`*${PULLS}`, () => HttpResponse.json([])),
      http.post(`*${PULLS}`, () => HttpResponse.json(pr(), { status: 201 })),
    );
    const { publish, db } = await fixture("draft: false");
    expect((await publish()).outcome).toBe("opened");
    expect(seen().map((s) => s.replace(/\?.*/, ""))).toEqual([`GET /api/v3${PULLS}`, `POST /api/v3${PULLS}`]);
    expect(json(1).draft).toBe(false);
    db.close();
  });

  const errors: [string, () => Response, string][] = [
    [
      "401",
      () => HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
      `GitHub API 401 GET ${PULLS}: Bad credentials; the token in $GH_PUBLISH_TOKEN was rejected (expired, revoked or mistyped)`,
    ],
    [
      "403",
      () => HttpResponse.json({ message: "Resource not accessible by integration" }, { status: 403 }),
      `GitHub API 403 GET ${PULLS}: Resource not accessible by integration; the token in $GH_PUBLISH_TOKEN may not do this (it needs contents: write and pull-requests: write on acme/news)`,
    ],
    [
      "404",
      () => HttpResponse.json({ message: "Not Found" }, { status: 404 }),
      `GitHub API 404 GET ${PULLS}: Not Found; repository acme/news not found, or the token in $GH_PUBLISH_TOKEN cannot see it`,
    ],
    [
      "rate limit",
      () =>
        HttpResponse.json(
          { message: "API rate limit exceeded" },
          { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1768474800" } },
        ),
      `GitHub API rate limit exceeded (GET ${PULLS}); it resets at 2026-01-15T11:00:00Z`,
    ],
    [
      "secondary rate limit",
      () =>
        HttpResponse.json(
          { message: "You have exceeded a secondary rate limit" },
          { status: 429, headers: { "retry-after": "120" } },
        ),
      `GitHub API secondary rate limit (GET ${PULLS}): You have exceeded a secondary rate limit; retry after 2026-01-15T10:02:00Z`,
    ],
    [
      "secondary rate limit without retry-after",
      () => HttpResponse.json({ message: "You have exceeded a secondary rate limit." }, { status: 403 }),
      `GitHub API secondary rate limit (GET ${PULLS}): You have exceeded a secondary rate limit; retry after 2026-01-15T10:01:00Z`,
    ],
  ];
  it.each(errors)(
    "a %s answer ends in one clear line; the draft and the pushed branch stay",
    async (_n, res, line) => {
      server.use(http.get(`*${PULLS}`, res));
      const { bare, publish, db } = await fixture();
      const err = await publish().catch((e: unknown) => e);
      expect(isAppError(err, "PUBLISH")).toBe(true);
      expect((err as Error).message).toBe(line);
      expect((err as Error).message).not.toContain(TOKEN);
      expect(git(bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("1");
      db.close();
    },
  );

  it("a 422 on create names GitHub's reasons", async () => {
    server.use(
      http.get(`*${PULLS}`, () => HttpResponse.json([])),
      http.post(`*${PULLS}`, () =>
        HttpResponse.json(
          {
            message: "Validation Failed",
            errors: [{ resource: "PullRequest", code: "custom", message: "No commits between main and x" }],
          },
          { status: 422 },
        ),
      ),
    );
    const { publish, db } = await fixture();
    const err = await publish().catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `GitHub API 422 POST ${PULLS}: Validation Failed (No commits between main and x)`,
    );
    db.close();
  });

  it("an API that cannot be reached ends in one line naming it", async () => {
    const down = await startFeedServer();
    const url = down.url;
    await down.close();
    const repos = makeRepos();
    const { config, db } = await setup(repos.work, publishBlock().replace(server.url, url));
    await writeRecordedDraft(db, config, DATE, draftText("Weekly", "Story."));
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps(ENV)).catch((e: unknown) => e);
    expect(isAppError(err, "PUBLISH")).toBe(true);
    expect((err as Error).message).toMatch(
      new RegExp(`^GitHub API: cannot reach ${url}/api/v3 \\(GET ${PULLS}\\): .*ECONNREFUSED`),
    );
    db.close();
  });

  it("without the token, fails before anything is pushed", async () => {
    const { bare, config, db } = await fixture();
    const err = await publishDraft(config, db, config.digests[0]!, DATE, deps(TEST_ENV)).catch(
      (e: unknown) => e,
    );
    expect(isAppError(err, "CONFIG")).toBe(true);
    expect((err as Error).message).toMatch(
      /feeds\.yaml: publish\.github\.tokenEnv: environment variable GH_PUBLISH_TOKEN is not set/,
    );
    expect(git(bare, "branch", "--list", BRANCH)).toBe("");
    expect(server.requests).toEqual([]);
    db.close();
  });
});

describe("compareUrl (printed when publishing without github:)", () => {
  it("turns GitHub remotes of every spelling into the compare page, without credentials", () => {
    const want = `https://github.com/acme/news/compare/main...${BRANCH}?expand=1`;
    expect(compareUrl("https://github.com/acme/news.git", "main", BRANCH)).toBe(want);
    expect(compareUrl("https://x-access-token:ghs_secret@github.com/acme/news", "main", BRANCH)).toBe(want);
    expect(compareUrl("git@github.com:acme/news.git", "main", BRANCH)).toBe(want);
    expect(compareUrl("ssh://git@github.com:22/acme/news.git", "main", BRANCH)).toBe(want);
    expect(compareUrl("https://github.corp.example/team/digest.git", "release 1", "d/x")).toBe(
      "https://github.corp.example/team/digest/compare/release%201...d/x?expand=1",
    );
  });

  it("gives no URL for remotes that are not on GitHub", () => {
    expect(compareUrl("/srv/git/news.git", "main", BRANCH)).toBeNull();
    expect(compareUrl("https://gitlab.com/acme/news.git", "main", BRANCH)).toBeNull();
    expect(compareUrl(null, "main", BRANCH)).toBeNull();
  });
});
