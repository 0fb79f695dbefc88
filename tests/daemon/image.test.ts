/** The Docker image's memory settings, run as the Dockerfile runs them: the compile-cache warm-up, then the daemon. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { type DaemonChild, spawnNode } from "./child.ts";
import { hostEnv, readImage } from "./dockerfile.ts";

const ROOT = join(import.meta.dirname, "../..");
// No pubDate: each item counts as first seen now, so today's draft has something to write.
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>A</title><link>https://a.example/</link>
<item><title>Kubernetes news</title><link>https://a.example/k</link><guid>k</guid><description>News.</description></item>
</channel></rss>`;

let server: FeedServer | undefined;
const children: DaemonChild[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
  await server?.close();
  server = undefined;
});

describe("the Docker image's compile cache", () => {
  it("is filled by the image's warm-up step, and a daemon that polls and drafts strips no TypeScript", async () => {
    const image = readImage();
    expect(image.env.NODE_COMPILE_CACHE).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "feedwright-image-"));
    // The image's environment (its jemalloc preload only where installed), with this test's cache folder
    // (created beforehand, as the Dockerfile does).
    const env = { ...hostEnv(image).env, NODE_COMPILE_CACHE: join(dir, "cache") };
    mkdirSync(env.NODE_COMPILE_CACHE);
    const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
    const warm = spawnSync("sh", ["-c", image.warmUp], {
      cwd: ROOT,
      env: { ...base, ...env },
      encoding: "utf8",
    });
    expect(warm.stderr).toBe("");
    expect(warm.status).toBe(0);
    expect(warm.stdout).toMatch(/^0\.\d+\.\d+\nwarm-cache: \d+ modules in /);
    // One file per module and kind (stripped TypeScript, V8 code) under a folder named for Node and the user.
    expect(readdirSync(env.NODE_COMPILE_CACHE, { recursive: true }).length).toBeGreaterThan(100);

    server = await startFeedServer([
      http.get("*/a.xml", () =>
        HttpResponse.text(RSS, { headers: { "content-type": "application/rss+xml" } }),
      ),
    ]);
    const config = join(dir, "feeds.yaml");
    // A daily slot at 00:00 UTC has always passed: the daemon catches it up at start, loading the drafting modules.
    writeFileSync(
      config,
      `store: state.db
feeds:
  - { id: a, url: "${server.url}/a.xml" }
digests:
  - { id: daily, title: Daily, language: en, schedule: "0 0 * * *", output: "drafts/{date}-{id}.md" }
`,
    );
    const argv = image.cmd
      .slice(1)
      .map((a) => a.replace("/srv/feedwright/feeds.yaml", config).replace("0.0.0.0:9464", "127.0.0.1:0"));
    // Node's compile-cache trace says, per module, whether the cache had it and what it writes at exit.
    const d = spawnNode(argv, { ...env, NODE_DEBUG_NATIVE: "COMPILE_CACHE" });
    children.push(d);
    await d.url;
    const draft = await d.waitLog((l) => l.msg === "draft");
    expect(existsSync(String(draft.path))).toBe(true);
    d.proc.kill("SIGTERM");
    expect(await d.exit).toBe(0);
    const trace = d.stderr();
    // The daemon's own modules came from the cache (the trace still reads as this test expects)...
    expect(trace).toMatch(
      /retrieving transpile cache for StrippedTypeScript file:\S+\/src\/daemon\.ts\.\.\.success/,
    );
    // ...and no TypeScript was missing from it, so the daemon never loaded the type stripper. Plain
    // JavaScript a dependency loads on first use (undici's HTTP parser) may still be cached at exit.
    const written = [...trace.matchAll(/Creating temporary file for cache of (\S+)/g)].map((m) => m[1]!);
    expect(written.filter((f) => f.endsWith(".ts"))).toEqual([]);
    expect(trace).not.toMatch(/no transpile cache/);
  });
});
