import { describe, expect, it } from "vitest";
import { type PolledFeed, Poller } from "../../src/daemon/poller.ts";
import { FakeClock, settle } from "./fake-clock.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = "2026-03-02T00:00:00Z";

interface FakeFeedState {
  lastAttempt: number | null;
  consecutiveFailures: number;
  notBefore: number | null;
  gone: boolean;
}

/** A poller over fake feeds: each poll records its time and applies `outcome` to the feed's state. */
function setup(opts: {
  feeds: PolledFeed[];
  random?: () => number;
  concurrency?: number;
  perHost?: number;
  outcome?: (id: string, n: number) => "ok" | "fail" | { retryAfterMs: number };
  hold?: boolean;
  /** Feeds the store already knows as gone (410). */
  gone?: string[];
}) {
  const clock = new FakeClock(T0);
  const hosts = new Map(opts.feeds.map((f) => [f.id, f.host]));
  const state = new Map<string, FakeFeedState>(
    opts.feeds.map((f) => [
      f.id,
      {
        lastAttempt: null,
        consecutiveFailures: 0,
        notBefore: null,
        gone: opts.gone?.includes(f.id) ?? false,
      },
    ]),
  );
  const polls: { id: string; at: number }[] = [];
  const held: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const perHost = new Map<string, number>();
  let maxPerHost = 0;
  const errors: unknown[] = [];
  const poller = new Poller({
    clock,
    random: opts.random ?? (() => 0),
    concurrency: opts.concurrency ?? 16,
    perHost: opts.perHost ?? 2,
    history: (id) => state.get(id)!,
    onError: (_id, err) => errors.push(err),
    poll: async (id) => {
      const host = hosts.get(id) ?? `${id}.example`;
      const n = polls.filter((p) => p.id === id).length;
      if (polls.length > 10_000) throw new Error(`runaway polling: ${JSON.stringify(polls.slice(-5))}`);
      polls.push({ id, at: clock.now() });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      maxPerHost = Math.max(maxPerHost, perHost.get(host)!);
      if (opts.hold) await new Promise<void>((r) => held.push(r));
      inFlight--;
      perHost.set(host, perHost.get(host)! - 1);
      const s = state.get(id)!;
      const o = opts.outcome?.(id, n) ?? "ok";
      s.lastAttempt = clock.now();
      s.consecutiveFailures = o === "ok" ? 0 : s.consecutiveFailures + 1;
      s.notBefore = typeof o === "object" ? clock.now() + o.retryAfterMs : null;
      return undefined;
    },
  });
  poller.setFeeds(opts.feeds);
  const gaps = (id: string) => {
    const at = polls.filter((p) => p.id === id).map((p) => p.at);
    return at.slice(1).map((t, i) => t - at[i]!);
  };
  const release = async () => {
    while (held.length > 0) {
      for (const r of held.splice(0)) r();
      await settle();
    }
  };
  return {
    clock,
    poller,
    polls,
    state,
    gaps,
    errors,
    held,
    release,
    max: () => ({ inFlight: maxInFlight, perHost: maxPerHost }),
  };
}

const feed = (id: string, intervalMs: number, host = `${id}.example`): PolledFeed => ({
  id,
  intervalMs,
  host,
  url: `https://${host}/feed`,
});

describe("Poller", () => {
  it("polls each feed on its own interval, each poll jittered by up to 10% of it", async () => {
    const randoms = [0.5, 0.1, 0.9, 0.2, 0.7, 0.3, 0.6, 0.4, 0.8, 0.0];
    let i = 0;
    const t = setup({
      feeds: [feed("a", 10 * MIN), feed("b", 30 * MIN)],
      random: () => randoms[i++ % randoms.length]!,
    });
    t.poller.start();
    await t.clock.advance(2 * HOUR);
    const start = Date.parse(T0);
    const first = (id: string) => t.polls.find((p) => p.id === id)!.at - start;
    // Never polled, so both due at once: spread evenly over (at most 5 minutes of) the interval.
    expect(first("a")).toBe(0);
    expect(first("b")).toBe(2.5 * MIN);
    for (const gap of t.gaps("a")) {
      expect(gap).toBeGreaterThanOrEqual(10 * MIN);
      expect(gap).toBeLessThan(11 * MIN);
    }
    for (const gap of t.gaps("b")) {
      expect(gap).toBeGreaterThanOrEqual(30 * MIN);
      expect(gap).toBeLessThan(33 * MIN);
    }
    expect(t.gaps("a").length).toBeGreaterThanOrEqual(10);
    expect(t.gaps("b").length).toBeGreaterThanOrEqual(3);
    // The jitter really varies: not every gap is the same.
    expect(new Set(t.gaps("a")).size).toBeGreaterThan(1);
  });

  it("backs off exponentially after consecutive failures, capped at 24h, and recovers on success", async () => {
    const t = setup({ feeds: [feed("a", HOUR)], outcome: (_id, n) => (n < 8 ? "fail" : "ok") });
    t.poller.start();
    await t.clock.advance(14 * 24 * HOUR);
    const gaps = t.gaps("a").slice(0, 9);
    expect(gaps).toEqual([2, 4, 8, 16, 24, 24, 24, 24, 1].map((h) => h * HOUR));
  });

  it("waits for the server's Retry-After before polling again", async () => {
    const t = setup({
      feeds: [feed("a", 10 * MIN)],
      outcome: (_id, n) => (n === 0 ? { retryAfterMs: 2 * HOUR } : "ok"),
    });
    t.poller.start();
    await t.clock.advance(3 * HOUR);
    expect(t.gaps("a")[0]).toBe(2 * HOUR);
  });

  it("does not poll a gone feed", async () => {
    const t = setup({ feeds: [feed("a", 10 * MIN), feed("b", 10 * MIN)], gone: ["b"] });
    t.state.set("c", { lastAttempt: null, consecutiveFailures: 0, notBefore: null, gone: true });
    t.poller.setFeeds([feed("a", 10 * MIN), feed("b", 10 * MIN), feed("c", 10 * MIN, "c.example")]);
    t.poller.setFeeds([feed("a", 10 * MIN), feed("b", 10 * MIN)]);
    t.poller.start();
    await t.clock.advance(HOUR);
    expect(t.polls.some((p) => p.id === "b")).toBe(false);
    expect(t.polls.filter((p) => p.id === "a").length).toBe(7); // at 0, 10, ..., 60 minutes
  });

  it("never exceeds the concurrency and per-host limits, and never polls one feed twice at once", async () => {
    const feeds = Array.from({ length: 40 }, (_, i) => feed(`f${i}`, MIN, `h${i % 4}.example`));
    const t = setup({ feeds, concurrency: 6, perHost: 2, hold: true });
    t.poller.start();
    await t.clock.advance(MIN); // all 40 are due by now (spread over the 1-minute interval)
    expect(t.held.length).toBe(6);
    // Slow polls outlive their interval: the feeds stay single-flight while time passes.
    await t.clock.advance(10 * MIN);
    expect(t.held.length).toBe(6);
    expect(t.polls.length).toBe(6);
    await t.release();
    await t.clock.advance(0);
    await t.release();
    expect(new Set(t.polls.map((p) => p.id)).size).toBe(40);
    expect(t.max()).toEqual({ inFlight: 6, perHost: 2 });
  });

  it("spreads feeds due together evenly over the interval, so later rounds do not burst either", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const feeds = Array.from({ length: 100 }, (_, i) => feed(`f${i}`, 5 * MIN, `h${i % 10}.example`));
    const t = setup({ feeds, random });
    t.poller.start();
    await t.clock.advance(31 * MIN);
    const start = Date.parse(T0);
    const firsts = feeds.map((f) => t.polls.find((p) => p.id === f.id)!.at - start).sort((a, b) => a - b);
    expect(firsts).toEqual(feeds.map((_, k) => k * 3000));
    // Every later 10-second window sees about 100 feeds / 30 windows, never a burst.
    const perWindow = new Map<number, number>();
    for (const p of t.polls) {
      if (p.at - start < 5 * MIN) continue;
      const w = Math.floor((p.at - start) / 10_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    // (A round fired together would put at least 33 in one window.)
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(12);
    expect(t.polls.length).toBeGreaterThanOrEqual(500);
  });

  it("pollDue polls what is due by its interval now, ignoring the spread, and waits for it", async () => {
    const feeds = [feed("a", HOUR), feed("b", HOUR), feed("c", HOUR), feed("d", HOUR)];
    const t = setup({ feeds });
    t.state.get("d")!.lastAttempt = Date.parse(T0) - 10 * MIN; // polled recently: not due
    t.poller.setFeeds([...feeds.slice(0, 3), feed("d", HOUR, "d2.example")]);
    t.poller.start();
    await t.clock.advance(0);
    expect(t.polls).toHaveLength(1); // the first of the spread goes at once, the others later
    expect(t.poller.ready).toBe(true);
    let done = false;
    const p = t.poller.pollDue().then(() => {
      done = true;
    });
    await settle();
    expect(done).toBe(true);
    await p;
    expect(t.polls.map((x) => x.id).sort()).toEqual(["a", "b", "c"]);
    expect(t.polls.every((x) => x.at === Date.parse(T0))).toBe(true);
  });

  it("re-times feeds on setFeeds: a new feed is polled, a removed one is not, a changed interval applies", async () => {
    const t = setup({ feeds: [feed("a", HOUR), feed("b", HOUR)] });
    t.poller.start();
    await t.clock.advance(MIN);
    t.state.set("c", { lastAttempt: null, consecutiveFailures: 0, notBefore: null, gone: false });
    t.poller.setFeeds([feed("a", 10 * MIN), feed("c", HOUR)]);
    await t.clock.advance(2 * HOUR);
    const count = (id: string) => t.polls.filter((p) => p.id === id).length;
    expect(count("b")).toBeLessThanOrEqual(1); // removed at 00:01, never polled again
    expect(count("c")).toBe(3); // hourly from 00:01 (or shortly after, within the spread)
    // a's new 10-minute interval applies: 12 or 13 polls in two hours, each 10 minutes apart.
    expect(count("a")).toBeGreaterThanOrEqual(12);
    expect(t.gaps("a").every((g) => g === 10 * MIN)).toBe(true);
  });

  it("a poll that throws (a bug) is reported and retried an interval later, not in a tight loop", async () => {
    const t = setup({ feeds: [feed("a", 10 * MIN)] });
    const poll = (t.poller as unknown as { d: { poll: (id: string) => Promise<undefined> } }).d;
    const original = poll.poll;
    poll.poll = async (id) => {
      await original(id);
      throw new Error("boom");
    };
    t.poller.start();
    await t.clock.advance(HOUR);
    expect(t.errors.length).toBe(7); // at 0, 10, ..., 60 minutes
    expect(t.gaps("a").every((g) => g >= 10 * MIN)).toBe(true);
  });

  it("stop() starts nothing new and idle() waits for polls in flight", async () => {
    const t = setup({ feeds: [feed("a", MIN)], hold: true });
    t.poller.start();
    await t.clock.advance(0);
    t.poller.stop();
    let idle = false;
    const p = t.poller.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    await t.release();
    await p;
    await t.clock.advance(HOUR);
    expect(t.polls.length).toBe(1);
    expect(t.clock.pending).toBe(0);
  });
});
