/** A counting semaphore: at most `size` holders at once; waiters are served in arrival order. */

/** Places to take and give back; a release hands its place straight to the first waiter. */
export interface Semaphore {
  /** Take a place, waiting while all are taken; rejects with the signal's reason when aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Give a place back (to the first waiter, if any). */
  release(): void;
}

/** Create a semaphore with `size` places. */
export function createSemaphore(size: number): Semaphore {
  const waiting: (() => void)[] = [];
  let taken = 0;
  return {
    acquire(signal) {
      if (taken < size) {
        taken++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const wake = () => {
          signal?.removeEventListener("abort", stop);
          resolve();
        };
        const stop = () => {
          const i = waiting.indexOf(wake);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", stop, { once: true });
        waiting.push(wake);
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else taken--;
    },
  };
}
