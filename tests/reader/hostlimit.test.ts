import { describe, expect, it } from "vitest";
import { hostOf, runPerHost } from "../../src/reader/http/hostlimit.ts";

/** Tasks that finish only when the test says so, recording what runs when. */
function harness() {
  const running = new Set<string>();
  const started: string[] = [];
  let maxTotal = 0;
  const maxPerHost = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const task = (url: string) => {
    started.push(url);
    running.add(url);
    maxTotal = Math.max(maxTotal, running.size);
    const host = hostOf(url);
    const onHost = [...running].filter((u) => hostOf(u) === host).length;
    maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, onHost));
    return new Promise<string>((resolve) =>
      waiters.set(url, () => {
        running.delete(url);
        resolve(url.toUpperCase());
      }),
    );
  };
  const finish = async (url: string) => {
    waiters.get(url)!();
    await new Promise((r) => setImmediate(r));
  };
  return { task, started, finish, maxTotal: () => maxTotal, maxPerHost, running };
}

describe("runPerHost", () => {
  it("never runs more than perHost at once on one host, and lets other hosts go meanwhile", async () => {
    const urls = [
      ...Array.from({ length: 6 }, (_, i) => `https://big.example/${i}`),
      "https://small.example/a",
      "https://other.example/b",
    ];
    const h = harness();
    const done = runPerHost(urls, hostOf, { concurrency: 4, perHost: 2 }, (u) => h.task(u));
    // The first two of big.example, then the other hosts skip ahead of the saturated one.
    expect(h.started).toEqual([
      "https://big.example/0",
      "https://big.example/1",
      "https://small.example/a",
      "https://other.example/b",
    ]);
    for (let i = 0; i < 6; i++) await h.finish(`https://big.example/${i}`);
    await h.finish("https://small.example/a");
    await h.finish("https://other.example/b");
    expect(await done).toEqual(urls.map((u) => u.toUpperCase()));
    expect(h.maxPerHost.get("big.example")).toBe(2);
    expect(h.maxTotal()).toBe(4);
  });

  it("respects the global concurrency across many hosts", async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `http://127.0.0.${i + 1}/feed`);
    const h = harness();
    const done = runPerHost(urls, hostOf, { concurrency: 3, perHost: 2 }, (u) => h.task(u));
    expect(h.running.size).toBe(3);
    for (const u of urls) await h.finish(u);
    await done;
    expect(h.maxTotal()).toBe(3);
  });

  it("resolves at once for no items", async () => {
    expect(await runPerHost([], hostOf, { concurrency: 2, perHost: 1 }, async () => 1)).toEqual([]);
  });
});

describe("runPerHost release", () => {
  it("lets the next item start as soon as a task gives its slot back, before it finishes", async () => {
    const urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3"];
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const releasers = new Map<string, () => void>();
    const done = runPerHost(urls, hostOf, { concurrency: 1, perHost: 1 }, (u, _i, release) => {
      started.push(u);
      releasers.set(u, release);
      return new Promise<string>((resolve) => finishers.set(u, () => resolve(u)));
    });
    expect(started).toEqual(["https://a.example/1"]);
    releasers.get("https://a.example/1")!();
    releasers.get("https://a.example/1")!(); // a second call changes nothing
    expect(started).toEqual(["https://a.example/1", "https://a.example/2"]);
    finishers.get("https://a.example/1")!(); // finishing a released task frees no second slot
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(["https://a.example/1", "https://a.example/2"]);
    finishers.get("https://a.example/2")!();
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(3);
    finishers.get("https://a.example/3")!();
    expect(await done).toEqual(urls);
  });
});
