/** A checkpointer thread that dies holding the parse workers' store lock (tests/store/sqlite/checkpointer.test.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { STORE_LOCK, withStoreLock } from "../../src/store/sqlite/worker-store.ts";

const lock = (workerData as Record<string, unknown>)[STORE_LOCK] as Int32Array;
const pause = new Int32Array(new SharedArrayBuffer(4));
// Holds the lock a moment (long enough for the test to see it held), then dies with it.
parentPort?.on("message", () =>
  withStoreLock(lock, () => {
    Atomics.wait(pause, 0, 0, 300);
    process.exit(9);
  }),
);
