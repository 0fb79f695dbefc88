/** Ending a store-writing worker thread: let it close its connections, terminate it if it hangs. */
import type { Worker } from "node:worker_threads";

/** How long a closing worker may take to close its store connections before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Post `{ close: true }` to `worker` (which then closes its connections and exits) and resolve once
 * it has exited, or has been terminated after the grace period.
 */
export function closeWorker(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return Promise.resolve(); // already gone
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => void worker.terminate().finally(resolve), CLOSE_GRACE_MS);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    worker.ref(); // a worker finishing its last write must not be cut off by the process ending
    worker.postMessage({ close: true });
  });
}
