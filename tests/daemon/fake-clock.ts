/** A hand-driven clock for the daemon's timers: time moves only when a test says so. */
import type { Clock, Timer } from "../../src/daemon/clock.ts";

/** A Clock whose `advance` fires due timers in time order, letting promises settle between them. */
export class FakeClock implements Clock {
  private t: number;
  private timers: { at: number; seq: number; fn: () => void; live: boolean }[] = [];
  private seq = 0;

  constructor(start: string | number) {
    this.t = typeof start === "number" ? start : Date.parse(start);
  }

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): Timer {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, live: true };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.live = false;
      },
    };
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (let fired = 0; ; fired++) {
      if (fired > 100_000) throw new Error("FakeClock: timers keep re-arming without time passing");
      await settle();
      const next = this.timers
        .filter((t) => t.live && t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      next.live = false;
      this.t = Math.max(this.t, next.at);
      // A timer whose work is async (a store on a server) hands back its promise: wait for it, so
      // what it arms next is seen, as a few turns of the event loop suffice only for SQLite.
      const work = next.fn() as unknown;
      if (work instanceof Promise) await work;
    }
    this.t = end;
    await settle();
  }
}

/** Let pending promise callbacks (and a few I/O turns) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
