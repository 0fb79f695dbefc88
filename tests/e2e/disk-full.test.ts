import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

/** A 512 KiB tmpfs to fill; null (and the reason) where this process may not mount one. */
function smallDisk(): { dir: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", dir], { stdio: "pipe" });
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
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/small.xml", () => HttpResponse.text(rss(items("small", 2, 3)))),
    http.get("*/big.xml", () => HttpResponse.text(rss(items("big", 400, 60)))),
  ]);
});
afterAll(async () => {
  await server.close();
  if ("dir" in disk) execFileSync("umount", [disk.dir]);
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
