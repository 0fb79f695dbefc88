/** The whole daemon in-process, on a hand-driven clock, against a real local feed server. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { runDaemon } from "../../src/daemon.ts";
import type { Logger } from "../../src/log.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { FakeClock, settle } from "./fake-clock.ts";

const SECRET = "hunter2-very-secret";
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Ok</title><link>https://ok.example/</link>
<item><title>Kubernetes 1.40 released</title><link>https://ok.example/k140</link><guid>k140</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>The release.</description></item>
<item><title>Prometheus tips</title><link>https://ok.example/prom</link><guid>prom</guid><pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate><description>Some tips.</description></item>
</channel></rss>`;

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An in-process daemon on the config at `path`, with a fake clock, listening on 127.0.0.1:0. */
function startDaemon(
  path: string,
  clock: FakeClock,
  log: Logger,
  opts: { random?: number; env?: NodeJS.ProcessEnv } = {},
) {
  const abort = new AbortController();
  let listening = "";
  const done = runDaemon({
    configPath: path,
    config: parseConfig(readFileSync(path, "utf8"), path),
    listen: { host: "127.0.0.1", port: 0 },
    log,
    env: opts.env ?? {},
    signal: abort.signal,
    clock,
    random: () => opts.random ?? 0,
    onListening: (u) => {
      listening = u;
    },
  });
  return { abort, done, url: () => listening };
}

/** A pino logger collecting parsed lines, with a way to wait for one. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  const log = pino(
    { level: "debug", base: undefined },
    {
      write(s: string) {
        raw.push(s);
        const line = JSON.parse(s) as Record<string, unknown>;
        lines.push(line);
        for (const w of [...waiters]) {
          if (w.pred(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      },
    },
  );
  const waitFor = (pred: (l: Record<string, unknown>) => boolean, count = 1) =>
    new Promise<void>((resolve) => {
      let seen = lines.filter(pred).length;
      if (seen >= count) return resolve();
      const again = () => {
        seen++;
        if (seen >= count) resolve();
        else waiters.push({ pred, resolve: again });
      };
      waiters.push({ pred, resolve: again });
    });
  return { log, lines, raw, waitFor };
}

describe("feedwright daemon (in-process)", () => {
  it("serves /healthz, /readyz, /metrics and /feeds, polls on time and drafts at the slot", async () => {
    server = await startFeedServer([
      http.get("*/ok.xml", () =>
        HttpResponse.text(RSS, { headers: { "content-type": "application/rss+xml", etag: '"v1"' } }),
      ),
      http.get("*/broken.xml", () => new HttpResponse("oops", { status: 500 })),
      http.get("*/private.xml", ({ request }) =>
        request.headers.get("authorization") === `Bearer ${SECRET}`
          ? HttpResponse.text(RSS.replaceAll("ok.example", "private.example"), {
              headers: { "content-type": "application/rss+xml" },
            })
          : new HttpResponse("no", { status: 401 }),
      ),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-"));
    const path = join(dir, "feeds.yaml");
    writeFileSync(
      path,
      `store: state.db
fetch: { interval: 10m, retries: 0 }
feeds:
  - { id: ok, url: "${server.url}/ok.xml" }
  - { id: broken, url: "${server.url}/broken.xml" }
  - id: private
    url: "${server.url}/private.xml?token=${SECRET}"
    headers: { Authorization: "Bearer ${SECRET}" }
digests:
  - { id: yearly, title: Yearly, schedule: "0 9 5 3 *", output: "drafts/{date}-{id}.md" }
`,
    );
    // Thursday 2026-03-05 08:00 UTC; the digest's slot is at 09:00 today, the previous one a year ago.
    const clock = new FakeClock("2026-03-05T08:00:00Z");
    const { log, lines, raw, waitFor } = capturingLog();
    const { abort, done, url } = startDaemon(path, clock, log, { random: 0.99 });
    await waitFor((l) => l.msg === "daemon started");
    const get = async (p: string) => {
      const res = await fetch(`${url()}${p}`);
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    };

    expect((await get("/healthz")).status).toBe(200);
    // Three never-polled feeds are spread over 5 minutes (100 s apart): the first goes at once.
    await waitFor((l) => l.msg === "poll");
    expect((await get("/readyz")).status).toBe(200);
    expect(server.requests.map((r) => r.path)).toEqual(["/ok.xml"]);
    await clock.advance(100_000);
    await waitFor((l) => l.msg === "poll", 2);
    expect(server.requests.map((r) => r.path)).toEqual(["/ok.xml", "/broken.xml"]);
    await clock.advance(100_000);
    await waitFor((l) => l.msg === "poll", 3);

    const metrics = await get("/metrics");
    expect(metrics.type).toMatch(/^text\/plain/);
    const m = metrics.body;
    expect(m).toContain('feedwright_polls_total{feed="ok",outcome="ok"} 1');
    expect(m).toContain('feedwright_polls_total{feed="broken",outcome="failed"} 1');
    expect(m).toContain('feedwright_polls_total{feed="private",outcome="ok"} 1');
    expect(m).toContain('feedwright_feed_consecutive_failures{feed="broken"} 1');
    expect(m).toContain('feedwright_feed_consecutive_failures{feed="ok"} 0');
    expect(m).toContain('feedwright_entries_stored_total{feed="ok"} 2');
    expect(m).toMatch(/feedwright_fetch_bytes_total\{feed="ok"\} [1-9]\d*/);
    expect(m).toContain(
      `feedwright_feed_last_success_timestamp_seconds{feed="ok"} ${Date.parse("2026-03-05T08:00:00Z") / 1000}`,
    );
    expect(m).toMatch(/feedwright_fetch_duration_seconds_count\{outcome="ok"\} 2/);
    expect(m).toContain("process_resident_memory_bytes");
    expect(m).toContain("nodejs_heap_size_used_bytes");

    const feeds = JSON.parse((await get("/feeds")).body);
    expect(feeds.feeds.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      ["ok", "ok"],
      ["broken", "failing"],
      ["private", "ok"],
    ]);
    const broken = feeds.feeds[1];
    expect(broken).toMatchObject({ lastStatus: "500", consecutiveFailures: 1, interval: "10m" });
    expect(broken.lastError).toMatch(/^HTTP 500/);
    // Backoff: one failure doubles the 10-minute interval (plus up to a minute of jitter).
    const next = Date.parse(broken.nextPoll) - Date.parse(broken.lastAttempt);
    expect(next).toBeGreaterThanOrEqual(20 * 60_000);
    expect(next).toBeLessThan(21 * 60_000);
    expect(feeds.feeds[2].url).toBe(`${server.url}/private.xml?token=REDACTED`);
    expect(feeds.digests).toEqual([
      { id: "yearly", schedule: "0 9 5 3 *", nextSlot: "2026-03-05T09:00:00.000Z", lastDraft: null },
    ]);
    expect((await get("/nope")).status).toBe(404);

    // The slot: due feeds are polled first, then the draft is written.
    await clock.advance(57 * 60_000);
    await waitFor((l) => l.msg === "draft");
    const draftLine = lines.find((l) => l.msg === "draft")!;
    expect(draftLine).toMatchObject({ digest: "yearly", date: "2026-03-05", outcome: "created" });
    expect(draftLine.items).toBeGreaterThanOrEqual(2);
    // The teasers' articles were looked for (ok.example never resolves): one line on it, one warning per cause.
    expect(draftLine.fullText).toEqual([
      expect.stringMatching(/^yearly 2026-03-05: full text: 0 of \d+ items from their article/),
    ]);
    expect(lines.filter((l) => l.msg === "draft: full text").length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(dir, "drafts/2026-03-05-yearly.md"))).toBe(true);
    const after = (await get("/metrics")).body;
    expect(after).toContain('feedwright_drafts_total{digest="yearly",outcome="written"} 1');
    expect(after).toContain('feedwright_draft_last_timestamp_seconds{digest="yearly"} ');

    abort.abort();
    expect(await done).toBe(0);
    await settle();
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" });
    // One line per poll, and the feed's secret never reaches a log line.
    const polls = lines.filter((l) => l.msg === "poll");
    expect(polls.every((l) => typeof l.feed === "string" && "ms" in l && "new" in l && "status" in l)).toBe(
      true,
    );
    expect(raw.join("")).not.toContain(SECRET);
  });
});

describe("feedwright daemon (in-process): publishing", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
      encoding: "utf8",
    });

  async function daemonWithPublish(remote: string) {
    server = await startFeedServer([
      http.get("*/ok.xml", () =>
        HttpResponse.text(RSS, { headers: { "content-type": "application/rss+xml" } }),
      ),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-publish-"));
    git(dir, "init", "-q", "-b", "main");
    writeFileSync(join(dir, ".gitignore"), "state.db*\n");
    git(dir, "add", ".gitignore");
    git(dir, "commit", "-q", "-m", "init");
    const bare = join(dir, "..", `${dir.split("/").pop()}-remote.git`);
    git(dir, "init", "-q", "--bare", bare);
    git(dir, "remote", "add", "origin", bare);
    git(dir, "push", "-q", "origin", "main");
    const path = join(dir, "feeds.yaml");
    writeFileSync(
      path,
      `store: state.db
fetch: { interval: 10m, retries: 0 }
feeds:
  - { id: ok, url: "${server.url}/ok.xml" }
digests:
  - { id: yearly, title: Yearly, schedule: "0 9 5 3 *", output: "drafts/{date}-{id}.md" }
publish: { remote: ${remote}, base: main }
`,
    );
    const clock = new FakeClock("2026-03-05T08:59:00Z");
    const cap = capturingLog();
    const { abort, done } = startDaemon(path, clock, cap.log, {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    });
    await cap.waitFor((l) => l.msg === "daemon started");
    await clock.advance(60_000);
    await cap.waitFor((l) => l.msg === "publish");
    return { ...cap, abort, done, bare, dir };
  }

  it("publishes each scheduled draft to its branch when publish: is configured", async () => {
    const t = await daemonWithPublish("origin");
    expect(t.lines.find((l) => l.msg === "publish")).toMatchObject({
      digest: "yearly",
      date: "2026-03-05",
      outcome: "pushed",
    });
    expect(git(t.dir, "--git-dir", t.bare, "branch", "--list")).toContain("digest/yearly/2026-03-05");
    t.abort.abort();
    expect(await t.done).toBe(0);
  });

  it("a failing publish is logged with its code and the daemon carries on", async () => {
    const t = await daemonWithPublish("nowhere");
    const line = t.lines.find((l) => l.msg === "publish")!;
    expect(line).toMatchObject({ digest: "yearly", outcome: "failed" });
    expect(typeof line.code).toBe("string");
    expect(t.lines.find((l) => l.msg === "draft")).toMatchObject({ outcome: "created" });
    t.abort.abort();
    expect(await t.done).toBe(0);
  });
});

describe("feedwright daemon (in-process): items dropped between polls", () => {
  it("reports a feed whose every item is newer than the previous poll, in the log, /metrics and /feeds", async () => {
    const item = (n: number, at: string) =>
      `<item><title>Story ${n}</title><link>https://busy.example/${n}</link><guid>${n}</guid><pubDate>${new Date(at).toUTCString()}</pubDate></item>`;
    const feed = (items: string) =>
      http.get("*/busy.xml", () =>
        HttpResponse.text(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title>${items}</channel></rss>`,
          {
            headers: { "content-type": "application/rss+xml" },
          },
        ),
      );
    server = await startFeedServer([feed(item(1, "2026-03-05T07:50:00Z") + item(2, "2026-03-05T07:55:00Z"))]);
    const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-missed-"));
    const path = join(dir, "feeds.yaml");
    writeFileSync(
      path,
      `store: state.db\nfetch: { interval: 10m, retries: 0 }\nfeeds:\n  - { id: busy, url: "${server.url}/busy.xml" }\n`,
    );
    const clock = new FakeClock("2026-03-05T08:00:00Z");
    const { log, lines, waitFor } = capturingLog();
    const { abort, done, url } = startDaemon(path, clock, log);
    await waitFor((l) => l.msg === "poll");
    // Ten minutes later the feed shows only items published after the first poll.
    server.use(feed(item(5, "2026-03-05T08:06:00Z") + item(6, "2026-03-05T08:08:00Z")));
    await clock.advance(10 * 60_000);
    await waitFor((l) => l.msg === "poll", 2);
    const polls = lines.filter((l) => l.msg === "poll");
    expect(polls[0]!.mayHaveMissed).toBeUndefined();
    expect(polls[1]).toMatchObject({ feed: "busy", mayHaveMissed: true, oldestItem: "2026-03-05T08:06:00Z" });
    expect(await (await fetch(`${url()}/metrics`)).text()).toContain(
      'feedwright_feed_may_have_missed_total{feed="busy"} 1',
    );
    const table = (await (await fetch(`${url()}/feeds`)).json()) as {
      feeds: { mayHaveMissedItems: boolean }[];
    };
    expect(table.feeds[0]!.mayHaveMissedItems).toBe(true);
    abort.abort();
    expect(await done).toBe(0);
  });
});

describe("feedwright daemon (in-process): Retry-After", () => {
  it("does not poll a feed again before the time its server asked for", async () => {
    server = await startFeedServer([
      http.get(
        "*/limited.xml",
        () => new HttpResponse("busy", { status: 503, headers: { "retry-after": "7200" } }),
      ),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-retry-"));
    const path = join(dir, "feeds.yaml");
    writeFileSync(
      path,
      `store: state.db\nfetch: { interval: 10m, retries: 0 }\nfeeds:\n  - { id: limited, url: "${server.url}/limited.xml" }\n`,
    );
    const clock = new FakeClock("2026-03-05T08:00:00Z");
    const { log, waitFor } = capturingLog();
    const { abort, done, url } = startDaemon(path, clock, log);
    await waitFor((l) => l.msg === "poll");
    const table = (await (await fetch(`${url()}/feeds`)).json()) as { feeds: { nextPoll: string }[] };
    expect(Date.parse(table.feeds[0]!.nextPoll)).toBeGreaterThanOrEqual(Date.parse("2026-03-05T10:00:00Z"));
    // Ten-minute interval, doubled once for the failure: without Retry-After it would be polled by 08:20.
    await clock.advance(119 * 60_000);
    expect(server.requests).toHaveLength(1);
    await clock.advance(2 * 60_000);
    await waitFor((l) => l.msg === "poll", 2);
    expect(server.requests).toHaveLength(2);
    abort.abort();
    expect(await done).toBe(0);
  });
});

describe("feedwright daemon (in-process): what the alert rules need", () => {
  it("shows a gone feed and a failed scheduled draft in /metrics, and still after a restart", async () => {
    server = await startFeedServer([
      http.get("*/gone.xml", () => new HttpResponse("gone", { status: 410 })),
      http.get("*/ok.xml", () =>
        HttpResponse.text(RSS, { headers: { "content-type": "application/rss+xml" } }),
      ),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "feedwright-daemon-alerts-"));
    const path = join(dir, "feeds.yaml");
    // The draft cannot be written: its folder would be inside a file.
    writeFileSync(
      path,
      `store: state.db
fetch: { interval: 10m, retries: 0 }
feeds:
  - { id: gone, url: "${server.url}/gone.xml" }
  - { id: ok, url: "${server.url}/ok.xml" }
digests:
  - { id: yearly, title: Yearly, schedule: "0 9 5 3 *", output: "feeds.yaml/{date}.md" }
`,
    );
    const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const first = capturingLog();
    const clock = new FakeClock("2026-03-05T08:50:00Z");
    const a = startDaemon(path, clock, first.log);
    await first.waitFor((l) => l.msg === "daemon started");
    // The two new feeds are spread over 5 minutes; both are polled before the 09:00 slot.
    await clock.advance(5 * 60_000);
    await first.waitFor((l) => l.msg === "poll" && l.feed === "gone");
    let m = await metrics(a.url());
    expect(m).toContain('feedwright_feed_gone{feed="gone"} 1');
    expect(m).toContain('feedwright_feed_gone{feed="ok"} 0');
    expect(m).toContain('feedwright_drafts_total{digest="yearly",outcome="failed"} 0');
    // The previous slot is a year back, beyond catch-up: nothing is missing yet.
    expect(m).toContain('feedwright_draft_missing{digest="yearly"} 0');
    await clock.advance(5 * 60_000);
    await first.waitFor((l) => l.msg === "draft");
    expect(first.lines.find((l) => l.msg === "draft")).toMatchObject({ digest: "yearly", outcome: "failed" });
    m = await metrics(a.url());
    expect(m).toContain('feedwright_drafts_total{digest="yearly",outcome="failed"} 1');
    expect(m).toContain('feedwright_draft_missing{digest="yearly"} 1');
    a.abort.abort();
    expect(await a.done).toBe(0);

    // A restart reads the gone feed and the failed slot from the store: still gone, still missing.
    const second = capturingLog();
    const b = startDaemon(path, new FakeClock("2026-03-05T10:00:00Z"), second.log);
    await second.waitFor((l) => l.msg === "daemon started");
    m = await metrics(b.url());
    expect(m).toContain('feedwright_feed_gone{feed="gone"} 1');
    expect(m).toContain('feedwright_draft_missing{digest="yearly"} 1');
    expect(m).toContain('feedwright_drafts_total{digest="yearly",outcome="failed"} 0');
    b.abort.abort();
    expect(await b.done).toBe(0);
  });
});
