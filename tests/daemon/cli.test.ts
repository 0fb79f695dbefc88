/** `feedwright daemon` as a real process: the Docker image's command, signals, the one-daemon lock. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/store/sqlite/db.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { type DaemonChild, spawnDaemon, spawnNode } from "./child.ts";

const RSS = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link><item><title>${title} story</title><link>https://x.example/${title}</link><guid>${title}</guid></item></channel></rss>`;
const rss = (title: string) =>
  http.get(`*/${title}.xml`, () =>
    HttpResponse.text(RSS(title), { headers: { "content-type": "application/rss+xml" } }),
  );

let server: FeedServer;
const children: DaemonChild[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
  await server?.close();
});

function workspace(yaml: string): { dir: string; config: string; write: (y: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-cli-"));
  const config = join(dir, "feeds.yaml");
  writeFileSync(config, yaml);
  return { dir, config, write: (y) => writeFileSync(config, y) };
}

function start(args: string[], env?: Record<string, string>): DaemonChild {
  const c = spawnDaemon(args, env);
  children.push(c);
  return c;
}

const feedsYaml = (ids: string[], extra = "") =>
  `store: state.db
fetch: { interval: 10s, retries: 0 }
${extra}feeds:
${ids.map((id) => `  - { id: ${id}, url: "${server.url}/${id}.xml" }`).join("\n")}
`;

describe("feedwright daemon (process)", () => {
  it("runs the Docker image's command and answers the image's HEALTHCHECK", async () => {
    server = await startFeedServer([rss("a")]);
    const ws = workspace(feedsYaml(["a"]));
    const dockerfile = readFileSync(join(import.meta.dirname, "../../Dockerfile"), "utf8");
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    const health = JSON.parse(/^ {2}CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd[0]).toBe("node");
    expect(cmd).toContain("src/cli.ts");
    // The same argv, with this test's config and a free port instead of 9464.
    const argv = cmd
      .slice(1)
      .map((a) => a.replace("/srv/feedwright/feeds.yaml", ws.config).replace(":9464", ":0"));
    const d = spawnNode(argv);
    children.push(d);
    const url = await d.url;
    expect(d.stdout()).toMatch(/^feedwright daemon listening on http:\/\/0\.0\.0\.0:\d+\n$/);
    await d.waitLog((l) => l.msg === "poll" && l.feed === "a");
    const port = new URL(url).port;
    const check = spawnNode(health.slice(1).map((a) => a.replace("9464", port)));
    expect(await check.exit).toBe(0);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: "ready" });
    d.proc.kill("SIGTERM");
    expect(await d.exit).toBe(0);
    // With the daemon gone, the health check fails.
    expect(await spawnNode(health.slice(1).map((a) => a.replace("9464", port))).exit).toBe(1);
  });

  it("SIGTERM during a slow poll: aborts it at the deadline, exits 0, leaves the store intact and unlocked", async () => {
    server = await startFeedServer([rss("a")]);
    let arrived!: () => void;
    const slowArrived = new Promise<void>((r) => {
      arrived = r;
    });
    server.useRaw((req) => {
      if (!req.url?.startsWith("/slow.xml")) return false;
      arrived();
      return true; // never answers
    });
    const ws = workspace(feedsYaml(["a", "slow"], "daemon: { shutdownTimeout: 1s }\n"));
    const d = start(["--config", ws.config, "--listen", "127.0.0.1:0"]);
    await d.url;
    await slowArrived;
    await d.waitLog((l) => l.msg === "poll" && l.feed === "a");
    d.proc.kill("SIGTERM");
    await d.waitLog((l) => l.msg === "stopping: no new polls or drafts");
    // While the slow poll gets its deadline, the endpoints say the daemon is going away.
    const url = await d.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect(await d.exit).toBe(0);
    const msgs = d.logs.map((l) => l.msg);
    expect(msgs).toContain("stopping: deadline passed, aborting in-flight polls");
    expect(msgs.at(-1)).toBe("stopped");
    const db = await openSqlite(join(ws.dir, "state.db"));
    expect(db.sql.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    expect(db.sql.prepare("SELECT count(*) AS n FROM daemon_lock").get()).toEqual({ n: 0 });
    expect(db.sql.prepare("SELECT feed_id, last_status FROM feeds WHERE feed_id = 'a'").get()).toEqual({
      feed_id: "a",
      last_status: "200",
    });
    db.close();
  });

  it("SIGHUP applies a valid config and keeps the running one when the new one is invalid", async () => {
    server = await startFeedServer([rss("a"), rss("b")]);
    // No --listen: daemon.listen in the config says where.
    const ws = workspace(feedsYaml(["a"], 'daemon: { listen: "127.0.0.1:0" }\n'));
    const d = start(["--config", ws.config]);
    const url = await d.url;
    await d.waitLog((l) => l.msg === "poll" && l.feed === "a");

    ws.write(feedsYaml(["a", "b"]));
    d.proc.kill("SIGHUP");
    await d.waitLog((l) => l.msg === "config reloaded");
    // The new file drops daemon.listen: the endpoints stay where they are until a restart, and say so.
    expect(d.logs.find((l) => l.msg === "reload: this setting takes effect after a restart")).toMatchObject({
      key: "daemon.listen",
    });
    await d.waitLog((l) => l.msg === "poll" && l.feed === "b");

    ws.write(`store: state.db\nfeeds:\n  - { id: c, url: "example.com/rss" }\n`);
    d.proc.kill("SIGHUP");
    const rejected = await d.waitLog((l) => l.msg === "reload rejected: keeping the running config");
    expect(rejected.problems).toEqual([
      `${ws.config}: feeds[0].url: must be an absolute http(s) URL (got "example.com/rss")`,
    ]);
    const feeds = (await (await fetch(`${url}/feeds`)).json()) as { feeds: { id: string }[] };
    expect(feeds.feeds.map((f) => f.id)).toEqual(["a", "b"]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    d.proc.kill("SIGTERM");
    expect(await d.exit).toBe(0);
  });

  it("refuses a second daemon on the same store, and starts once the first has stopped or crashed", async () => {
    server = await startFeedServer([rss("a")]);
    const ws = workspace(feedsYaml(["a"]));
    const first = start(["--config", ws.config, "--listen", "127.0.0.1:0"]);
    await first.url;
    const second = start(["--config", ws.config, "--listen", "127.0.0.1:0"]);
    expect(await second.exit).toBe(2);
    expect(second.stdout()).toBe("");
    expect(second.stderr()).toMatch(
      new RegExp(
        `^${join(ws.dir, "state.db")}: another feedwright daemon is using this store \\(pid ${first.proc.pid} on .+, alive at .+\\)\nhint: stop that daemon first`,
      ),
    );
    first.proc.kill("SIGTERM");
    expect(await first.exit).toBe(0);

    const third = start(["--config", ws.config, "--listen", "127.0.0.1:0"]);
    await third.url;
    // A crash leaves the lease behind; its dead pid on this host frees it at once.
    third.proc.kill("SIGKILL");
    await third.exit;
    const fourth = start(["--config", ws.config, "--listen", "127.0.0.1:0"]);
    await fourth.url;
    fourth.proc.kill("SIGTERM");
    expect(await fourth.exit).toBe(0);
  });

  it("bad --listen values and a missing publish token are bad input (exit 2, one line), store left unlocked", async () => {
    server = await startFeedServer([rss("a")]);
    const ws = workspace(feedsYaml(["a"]));
    const bad = start(["--config", ws.config, "--listen", "localhost"]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toBe(
      '--listen: must be HOST:PORT such as 127.0.0.1:9464 or 0.0.0.0:9464 (got "localhost")\n',
    );
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as { port: number }).port;
    const busy = start(["--config", ws.config, "--listen", `127.0.0.1:${port}`]);
    expect(await busy.exit).toBe(2);
    expect(busy.stderr()).toContain(`--listen: cannot listen on 127.0.0.1:${port}: address already in use\n`);
    taken.close();
    // Publishing configured without its token: refused before anything runs.
    const pub = workspace(feedsYaml(["a"], "publish: { github: { repository: o/r } }\n"));
    const noToken = start(["--config", pub.config, "--listen", "127.0.0.1:0"]);
    expect(await noToken.exit).toBe(2);
    expect(noToken.stderr()).toMatch(
      /publish\.github\.tokenEnv: environment variable GITHUB_TOKEN is not set/,
    );
    const db = await openSqlite(join(ws.dir, "state.db"));
    expect(db.sql.prepare("SELECT count(*) AS n FROM daemon_lock").get()).toEqual({ n: 0 });
    db.close();
  });
});
