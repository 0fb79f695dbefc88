/** Waiting that an AbortSignal can cut short. */

/** Sleep `ms`, or stop early when `signal` aborts (the promise then rejects with its reason). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
