/**
 * Makes a parse worker die (the whole thread, as a native crash would) on a body holding CRASH_MARK,
 * or while holding the pool's store lock on a body holding STORE_CRASH_MARK.
 */
import { parentPort, workerData } from "node:worker_threads";
// Not parse-worker.ts: importing it here would register its listener before this one.
import { STORE_LOCK, withStoreLock } from "../../src/store/sqlite/worker-store.ts";

/** Put this in a feed body to make the crash-parse-worker.ts worker exit while parsing it. */
export const CRASH_MARK = "<!-- crash the parser -->";
/** Put this in a feed body to make the worker exit in the middle of storing it, lock held. */
export const STORE_CRASH_MARK = "<!-- crash while storing -->";

// Registered before parse-worker.ts's own listener (crash-parse-worker.ts imports this first), so it
// runs first and the real handler never answers.
parentPort?.on("message", (msg: { job?: { bytes: Uint8Array } }) => {
  if (!msg.job) return;
  const body = Buffer.from(msg.job.bytes);
  if (body.includes(CRASH_MARK)) process.exit(7);
  if (body.includes(STORE_CRASH_MARK)) {
    withStoreLock((workerData as Record<string, Int32Array>)[STORE_LOCK], () => process.exit(8));
  }
});
