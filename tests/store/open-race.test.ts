import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnDaemon } from "../daemon/child.ts";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const feed = (n: number) =>
  `<rss version="2.0"><channel><title>F${n}</title><item><guid>${n}-1</guid><title>story ${n}</title></item></channel></rss>`;

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get("*/f/:n", ({ params }) => HttpResponse.text(feed(Number(params.n)))),
  ]);
});
afterAll(() => server.close());

const ROUNDS = 3;
const CHILD = join(import.meta.dirname, "../support/open-store-child.ts");

describe("a fresh store opened by several processes at the same instant", () => {
  it("migrates once and creates each feed once: two fetches and a daemon all succeed", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const feeds = [1, 2, 3, 4].map((n) => `  - { id: f${n}, url: "${server.url}/f/${n}" }`).join("\n");
      const { dir, config } = tempConfig(`fetch: { retries: 0 }\nfeeds:\n${feeds}\n`);
      const daemon = spawnDaemon(["--config", config, "--listen", "127.0.0.1:0"], {
        FEEDWRIGHT_LOG_LEVEL: "warn",
      });
      const fetches = [0, 1].map(() => runCli(["fetch", "--config", config], { cwd: dir }));
      const results = await Promise.all(fetches);
      for (const r of results) {
        expect(r.stderr, `round ${round}`).toBe("");
        expect(r.code, `round ${round}`).toBe(0);
      }
      await daemon.url;
      daemon.proc.kill("SIGTERM");
      expect(await daemon.exit, `round ${round}: ${daemon.stderr()}`).toBe(0);
      expect(daemon.stderr()).not.toMatch(/UNIQUE|already exists|error/i);
    }
  }, 180_000);
});

/** Start `n` children that each open `path` and create feeds when told to, all at once. */
async function openAtOnce(path: string, n: number): Promise<string[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, [CHILD, path, "20"], { stdio: ["pipe", "pipe", "pipe"] }),
  );
  const outputs = children.map((c) => {
    let out = "";
    c.stdout!.on("data", (d) => {
      out += d;
    });
    c.stderr!.on("data", (d) => {
      out += d;
    });
    return {
      ready: new Promise<void>((resolve) => {
        const check = () => (out.includes("ready") ? resolve() : c.stdout!.once("data", check));
        check();
      }),
      done: new Promise<string>((resolve) =>
        c.on("close", (code) => resolve(`${code}: ${out.replace("ready\n", "")}`)),
      ),
    };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const c of children) c.stdin!.write("go");
  return Promise.all(outputs.map((o) => o.done));
}

describe("openDb and ensureFeed race", () => {
  it("four processes opening a new store and creating the same feeds at once all succeed", async () => {
    for (let round = 0; round < 10; round++) {
      const dir = mkdtempSync(join(tmpdir(), "feedwright-race-"));
      const results = await openAtOnce(join(dir, "state.db"), 4);
      expect(results, `round ${round}`).toEqual(["0: ok\n", "0: ok\n", "0: ok\n", "0: ok\n"]);
    }
  }, 180_000);
});
