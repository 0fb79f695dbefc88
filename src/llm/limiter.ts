/** At most `concurrency` calls at once and at most `perMinute` started in any minute; a shared pause for Retry-After. */
import { createSemaphore } from "../semaphore.ts";
import { abortableSleep } from "../sleep.ts";

/** Options of a limiter; the clock and sleep are injected so tests need not wait. */
export interface LimiterOptions {
  concurrency: number;
  perMinute: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs tasks within the limits. */
export interface Limiter {
  /** Run `task` when a slot is free and the rate allows; rejects with the signal's reason when aborted while waiting. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** No call starts before `until` (epoch ms): the server asked everyone to wait. */
  pauseUntil(until: number): void;
}

const WINDOW_MS = 60_000;

/** Create a limiter. */
export function createLimiter(o: LimiterOptions): Limiter {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? abortableSleep;
  const starts: number[] = [];
  const places = createSemaphore(o.concurrency);
  let pausedUntil = 0;

  const acquire = async (signal?: AbortSignal) => {
    await places.acquire(signal);
    try {
      // Slots are taken before the rate check, so waiting here holds a slot: at most `concurrency` wait.
      for (;;) {
        const t = now();
        while (starts.length > 0 && starts[0]! <= t - WINDOW_MS) starts.shift();
        const until = Math.max(pausedUntil, starts.length >= o.perMinute ? starts[0]! + WINDOW_MS : 0);
        if (until <= t) break;
        await sleep(until - t, signal);
      }
      starts.push(now());
    } catch (err) {
      places.release();
      throw err;
    }
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        places.release();
      }
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}
