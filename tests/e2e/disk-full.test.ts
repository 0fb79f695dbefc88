import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

/** A small tmpfs to fill; the reason instead where this process may not mount one. */
function smallDisk(size = "512k"): { dir: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
    return { dir };
  } catch (err) {
    return { skip: `cannot mount a small tmpfs to fill (${(err as Error).message.split("\n")[0]})` };
  }
}

const items = (prefix: string, n: number, words: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `<item><guid>${prefix}-${i}</guid><title>${prefix} story ${i}</title><description>${"lorem ipsum dolor ".repeat(words)} ${prefix}${i}</description></item>`,
  ).join("");
const rss = (body: string) => `<rss version="2.0"><channel><title>T</title>${body}</channel></rss>`;

const disk = smallDisk();
const drafts = smallDisk("64k");
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/small.xml", () => HttpResponse.text(rss(items("small", 2, 3)))),
    http.get("*/big.xml", () => HttpResponse.text(rss(items("big", 400, 60)))),
    http.get("*/week.xml", () => HttpResponse.text(rss(week))),
  ]);
});
afterAll(async () => {
  await server.close();
  for (const d of [disk, drafts]) if ("dir" in d) execFileSync("umount", [d.dir]);
});

describe.skipIf("skip" in disk)(`a full disk during fetch${"skip" in disk ? ` (${disk.skip})` : ""}`, () => {
  it("says so in one line, keeps the table of the feeds done, exits 1", async () => {
    const { dir } = disk as { dir: string };
    const config = join(dir, "feeds.yaml");
    writeFileSync(
      config,
      `fetch: { retries: 0, concurrency: 1 }\nstore: ${join(dir, "state.db")}\nfeeds:\n` +
        `  - { id: small, url: "${server.url}/small.xml" }\n  - { id: big, url: "${server.url}/big.xml" }\n` +
        `  - { id: after, url: "${server.url}/small.xml?after" }\n`,
    );
    const r = await runCli(["fetch", "--config", config], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${join(dir, "state.db")}: cannot write the store: the disk is full (database or disk is full)\n`,
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^FEED\s+RESULT/);
    expect(lines[1]).toMatch(/^small\s+ok\s+200\s+2$/);
    expect(r.stdout).not.toMatch(/^big|^after/m);
    expect(existsSync(join(dir, "state.db"))).toBe(true);
  });
});

let week = "";
const story = (i: number) =>
  `<item><guid>w${i}</guid><title>Week story ${i}</title><link>https://example.com/w${i}</link><pubDate>Wed, 14 Jan 2026 0${i}:00:00 GMT</pubDate><description>Text ${i}.</description></item>`;
const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };

describe.skipIf("skip" in drafts)(
  `a drafts folder that cannot be written${"skip" in drafts ? ` (${drafts.skip})` : ""}`,
  () => {
    const { dir: out } = drafts as { dir: string };
    /** Draft once into the small disk, then add a story: the re-draft has new bytes to write. */
    async function drafted() {
      const { dir, config } = tempConfig(
        `fetch: { retries: 0 }\nfeeds:\n  - { id: k, url: "${server.url}/week.xml" }\n` +
          `digests:\n  - { id: weekly, title: Weekly, output: "${out}/{date}-{id}.md" }\n`,
      );
      week = story(1);
      expect((await runCli(["run", "--config", config], { cwd: dir, env: NOW })).code).toBe(0);
      const path = join(out, "2026-01-15-weekly.md");
      const before = readFileSync(path, "utf8");
      week = story(1) + story(2);
      expect((await runCli(["fetch", "--config", config], { cwd: dir, env: NOW })).code).toBe(0);
      return { dir, config, path, before };
    }

    it("full: one line naming the file and the cause, exit 1, the old draft stays", async () => {
      const { dir, config, path, before } = await drafted();
      const filler = join(out, "filler");
      try {
        execFileSync("sh", ["-c", `cat /dev/zero > ${filler} 2>/dev/null || true`]);
        const r = await runCli(["draft", "--config", config], { cwd: dir, env: NOW });
        expect(r.stderr).toBe(`${path}: cannot write the file: the disk is full (ENOSPC)\n`);
        expect(r.code).toBe(1);
        expect(readFileSync(path, "utf8")).toBe(before);
        expect(readdirSync(out).filter((n) => n.endsWith(".tmp"))).toEqual([]);
      } finally {
        rmSync(filler, { force: true });
      }
    });

    it("read-only: one line naming the file and the cause, exit 1, the old draft stays", async () => {
      const { dir, config, path, before } = await drafted();
      execFileSync("mount", ["-o", "remount,ro", out]);
      try {
        const r = await runCli(["draft", "--config", config], { cwd: dir, env: NOW });
        expect(r.stderr).toBe(`${path}: cannot write the file: the file system is read-only (EROFS)\n`);
        expect(r.code).toBe(1);
        expect(readFileSync(path, "utf8")).toBe(before);
      } finally {
        execFileSync("mount", ["-o", "remount,rw", out]);
      }
    });
  },
);
