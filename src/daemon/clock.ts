/** The daemon's notion of time, injected so tests can drive intervals, backoff and slots by hand. */

/** A cancellable timer handle. */
export interface Timer {
  cancel(): void;
}

/** Wall-clock time and one-shot timers. */
export interface Clock {
  now(): number;
  /** Call `fn` after `ms` (clamped to what a Node timer can hold); the timer never keeps the process alive alone. */
  after(ms: number, fn: () => void): Timer;
}

/** Node timers hold at most 2^31-1 ms; longer waits simply wake early and re-check. */
const MAX_TIMER_MS = 2_147_483_647;

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // The daemon lives as long as its HTTP server; a pending poll or slot timer must not hold a stopped one.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
