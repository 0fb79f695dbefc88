import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const ENV = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };
let stories = 1;
const feed = () =>
  `<rss version="2.0"><channel><title>K</title>${Array.from(
    { length: stories },
    (_, i) =>
      `<item><guid>s${i}</guid><title>Story ${i} about Kubernetes</title><link>https://example.com/s${i}</link><pubDate>Wed, 14 Jan 2026 0${i}:00:00 GMT</pubDate><description>Body ${i}.</description></item>`,
  ).join("")}</channel></rss>`;

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([http.get("*/k.xml", () => HttpResponse.text(feed()))]);
});
afterAll(() => server.close());

/** `feedwright` with the crash preload in `mode`. */
function crashing(args: string[], cwd: string, mode: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", join(ROOT, "tests/support/crash-rename.ts"), join(ROOT, "src/cli.ts"), ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? "",
          FEEDWRIGHT_LOG_LEVEL: "warn",
          FEEDWRIGHT_TEST_CRASH: mode,
          ...ENV,
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function setup() {
  stories = 1;
  const t = tempConfig(
    `fetch: { retries: 0 }\nfeeds:\n  - { id: k, url: "${server.url}/k.xml" }\ndigests:\n  - { id: weekly, title: Weekly }\n`,
  );
  return { ...t, drafts: join(t.dir, "drafts") };
}

describe("a draft write killed half-way", () => {
  it("killed after the rename, before the record: the next draft knows the file is its own", async () => {
    const { dir, config, drafts } = setup();
    expect((await runCli(["fetch", "--config", config], { cwd: dir, env: ENV })).code).toBe(0);
    expect((await runCli(["draft", "--config", config], { cwd: dir, env: ENV })).code).toBe(0);
    stories = 2;
    expect((await runCli(["fetch", "--config", config], { cwd: dir, env: ENV })).code).toBe(0);
    const killed = await crashing(["draft", "--config", config], dir, "after-rename");
    expect(killed.code).toBe(9);
    const file = join(drafts, readdirSync(drafts).find((n) => n.endsWith(".md"))!);
    expect(readFileSync(file, "utf8")).toContain("Story 1 about Kubernetes");
    stories = 3;
    expect((await runCli(["fetch", "--config", config], { cwd: dir, env: ENV })).code).toBe(0);
    const next = await runCli(["draft", "--config", config], { cwd: dir, env: ENV });
    expect(next.code).toBe(0);
    expect(readdirSync(drafts).filter((n) => n.includes(".new."))).toEqual([]);
    expect(readFileSync(file, "utf8")).toContain("Story 2 about Kubernetes");
  });

  it("killed before the rename: the old draft stays and the next write removes the dead writer's temp file", async () => {
    const { dir, config, drafts } = setup();
    expect((await runCli(["fetch", "--config", config], { cwd: dir, env: ENV })).code).toBe(0);
    expect((await crashing(["draft", "--config", config], dir, "before-rename")).code).toBe(9);
    expect(readdirSync(drafts).filter((n) => n.endsWith(".tmp"))).toHaveLength(1);
    expect(readdirSync(drafts).filter((n) => !n.endsWith(".tmp"))).toEqual([]);
    const next = await runCli(["draft", "--config", config], { cwd: dir, env: ENV });
    expect(next.code).toBe(0);
    expect(readdirSync(drafts).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(existsSync(join(drafts, readdirSync(drafts)[0]!))).toBe(true);
  });
});
