/** A worker that takes the store lock in workerData, says so, and holds it until told to let go. */
import { parentPort, workerData } from "node:worker_threads";
import { withStoreLock } from "../../src/store/sqlite/worker-store.ts";

const { lock, hold } = workerData as { lock: Int32Array; hold: Int32Array };
withStoreLock(lock, () => {
  parentPort?.postMessage("locked");
  // Blocks until the test stores 1 in `hold` (or the worker is terminated while holding the lock).
  Atomics.wait(hold, 0, 0);
});
parentPort?.postMessage("released");
