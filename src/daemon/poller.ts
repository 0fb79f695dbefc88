/** Per-feed polling: each feed on its own interval with jitter and backoff, within the concurrency limits. */
import type { Clock, Timer } from "./clock.ts";
import { DueQueue } from "./due-queue.ts";
import { isDue, type PollHistory, scheduledAt, spreadWindow } from "./interval.ts";

/** A feed as the poller sees it. */
export interface PolledFeed {
  id: string;
  intervalMs: number;
  /** A changed URL re-times the feed (the store forgets the old URL's state). */
  url: string;
  /** Polls of one host are limited to `perHost` at once. */
  host: string;
}

/** What the poller needs: time, randomness, limits, the poll itself and the store's memory of polls. */
export interface PollerDeps {
  clock: Clock;
  random: () => number;
  concurrency: number;
  perHost: number;
  /**
   * Poll a feed once; the feed's own failures are recorded by the poll, a throw is a bug and reported.
   * It may resolve to a callback told when the feed is polled next.
   */
  poll: (feedId: string) => Promise<((nextAt: number | null) => void) | undefined>;
  /** What the store knows after (and before) a poll; `gone` feeds are not scheduled. */
  history: (feedId: string) => PollHistory & { gone: boolean };
  onError: (feedId: string, err: unknown) => void;
}

interface Slot {
  feed: PolledFeed;
  /** Epoch ms of the next poll; null while not scheduled (gone, or removed). */
  nextAt: number | null;
  running: Promise<void> | null;
  /** Resolved when the next poll of this feed finishes (for pollDue). */
  waiters: (() => void)[];
  /** The order feeds were added in: of feeds due at the same time, the first added goes first. */
  order: number;
}

/** The polling scheduler. Never polls one feed twice at once; never exceeds the limits. */
export class Poller {
  private readonly slots = new Map<string, Slot>();
  private readonly perHost = new Map<string, number>();
  /** Every scheduled slot by nextAt; an entry whose slot was re-timed, started or removed is stale. */
  private readonly queue = new DueQueue<Slot>();
  private added = 0;
  private running = 0;
  private timer: Timer | null = null;
  private stopped = true;
  private firstPollStarted = false;
  private dueAtStart = -1;
  private readonly d: PollerDeps;

  constructor(deps: PollerDeps) {
    this.d = deps;
  }

  /** Add, remove or re-time feeds (start and SIGHUP); a feed whose interval is unchanged keeps its time. */
  setFeeds(feeds: readonly PolledFeed[], limits?: { concurrency: number; perHost: number }): void {
    if (limits) Object.assign(this.d, limits);
    const now = this.d.clock.now();
    const keep = new Set(feeds.map((f) => f.id));
    for (const [id, slot] of this.slots) {
      if (!keep.has(id)) {
        this.slots.delete(id);
        this.release(slot);
      }
    }
    const due: Slot[] = [];
    for (const feed of feeds) {
      const old = this.slots.get(feed.id);
      if (old && old.feed.intervalMs === feed.intervalMs && old.feed.url === feed.url) continue;
      const slot: Slot = old ?? { feed, nextAt: null, running: null, waiters: [], order: this.added++ };
      slot.feed = feed;
      this.slots.set(feed.id, slot);
      if (slot.running) continue;
      const h = this.d.history(feed.id);
      if (!h.gone && isDue(feed.intervalMs, h, now)) due.push(slot);
      else this.schedule(slot, this.timeFor(feed, now));
    }
    // Feeds due together (first start, downtime, a reload) are spread evenly, in random order, so they
    // do not fire together now nor, one interval later, then; the first goes at once.
    for (let i = due.length - 1; i > 0; i--) {
      const j = Math.floor(this.d.random() * (i + 1));
      [due[i], due[j]] = [due[j]!, due[i]!];
    }
    due.forEach((slot, k) => {
      this.schedule(slot, now + Math.floor((k * spreadWindow(slot.feed.intervalMs)) / due.length));
    });
    this.pump();
  }

  /** Begin polling. */
  start(): void {
    this.stopped = false;
    const now = this.d.clock.now();
    this.dueAtStart = [...this.slots.values()].filter((s) => {
      const h = this.d.history(s.feed.id);
      return !h.gone && isDue(s.feed.intervalMs, h, now);
    }).length;
    this.pump();
  }

  /** True once the first round has begun: a poll started, or no feed was due when polling began. */
  get ready(): boolean {
    return this.firstPollStarted || this.dueAtStart === 0;
  }

  /** Poll now every feed due by its interval (ignoring jitter) and wait for those and in-flight polls. */
  pollDue(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const now = this.d.clock.now();
    const waits: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.running) {
        waits.push(slot.running);
        continue;
      }
      const h = this.d.history(slot.feed.id);
      if (h.gone || slot.nextAt === null || !isDue(slot.feed.intervalMs, h, now)) continue;
      this.schedule(slot, Math.min(slot.nextAt, now));
      waits.push(new Promise<void>((resolve) => slot.waiters.push(resolve)));
    }
    this.pump();
    return Promise.all(waits).then(() => {});
  }

  /** Stop starting polls; in-flight ones carry on (see `idle`). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    for (const slot of this.slots.values()) if (!slot.running) this.release(slot);
  }

  /** Resolves when no poll is in flight. */
  async idle(): Promise<void> {
    while (this.running > 0) {
      await Promise.allSettled([...this.slots.values()].map((s) => s.running).filter((p) => p !== null));
      await Promise.resolve();
    }
  }

  /** Polls in flight. */
  get inFlight(): number {
    return this.running;
  }

  /** When a feed is polled next (epoch ms), null when unscheduled; and whether it is being polled. */
  status(feedId: string): { nextAt: number | null; polling: boolean } | undefined {
    const s = this.slots.get(feedId);
    return s && { nextAt: s.nextAt, polling: s.running !== null };
  }

  private timeFor(feed: PolledFeed, now: number): number | null {
    const h = this.d.history(feed.id);
    return h.gone ? null : scheduledAt(feed.intervalMs, h, now, this.d.random);
  }

  private release(slot: Slot): void {
    for (const w of slot.waiters.splice(0)) w();
  }

  private schedule(slot: Slot, at: number | null): void {
    slot.nextAt = at;
    if (at !== null) this.queue.push(at, slot.order, slot);
  }

  /** True while a queue entry still stands for its slot: not re-timed, started or removed since. */
  private live(e: { at: number; item: Slot }): boolean {
    const s = e.item;
    return !s.running && s.nextAt === e.at && this.slots.get(s.feed.id) === s;
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.d.clock.now();
    // Earliest due first; a feed whose host is at its limit waits (its entry goes back). Pump runs
    // after every poll: sorting every due feed each time was most of the scheduler's CPU with
    // thousands of feeds due (bench/README.md, fleet).
    const waiting: { at: number; order: number; item: Slot }[] = [];
    while (this.running < this.d.concurrency) {
      const top = this.queue.peek();
      if (!top || top.at > now) break;
      this.queue.pop();
      if (!this.live(top)) continue;
      if ((this.perHost.get(top.item.feed.host) ?? 0) >= this.d.perHost) waiting.push(top);
      else this.begin(top.item);
    }
    for (const e of waiting) this.queue.push(e.at, e.order, e.item);
    this.arm(now);
  }

  private arm(now: number): void {
    this.timer?.cancel();
    this.timer = null;
    let top = this.queue.peek();
    while (top && !this.live(top)) {
      this.queue.pop();
      top = this.queue.peek();
    }
    // A due feed waiting for a free slot starts when a running poll finishes, not on a timer.
    if (!top || top.at <= now) return;
    this.timer = this.d.clock.after(top.at - now, () => this.pump());
  }

  private begin(slot: Slot): void {
    const { id, host } = slot.feed;
    this.firstPollStarted = true;
    this.running++;
    this.perHost.set(host, (this.perHost.get(host) ?? 0) + 1);
    const waiters = slot.waiters.splice(0);
    let threw = false;
    slot.running = this.d
      .poll(id)
      .catch((err) => {
        threw = true;
        this.d.onError(id, err);
        return undefined;
      })
      .then((then) => {
        this.running--;
        const n = (this.perHost.get(host) ?? 1) - 1;
        if (n > 0) this.perHost.set(host, n);
        else this.perHost.delete(host);
        slot.running = null;
        slot.nextAt = null; // a store that cannot be read must not turn into a tight poll loop
        try {
          if (this.slots.get(id) === slot && !this.stopped) {
            const now = this.d.clock.now();
            const at = this.timeFor(slot.feed, now);
            // A poll that threw recorded nothing in the store; without this it would be due again at once.
            this.schedule(slot, at === null || !threw ? at : Math.max(at, now + slot.feed.intervalMs));
          }
          then?.(slot.nextAt);
        } catch (err) {
          this.d.onError(id, err);
        } finally {
          for (const w of waiters) w();
          this.pump();
        }
      });
  }
}
