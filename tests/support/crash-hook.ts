/** Makes a parse worker die (the whole thread, as a native crash would) on a body holding CRASH_MARK. */
import { parentPort } from "node:worker_threads";

/** Put this in a feed body to make the crash-parse-worker.ts worker exit while parsing it. */
export const CRASH_MARK = "<!-- crash the parser -->";

// Registered before parse-worker.ts's own listener (crash-parse-worker.ts imports this first), so it
// runs first and the real handler never answers.
parentPort?.on("message", (msg: { job: { bytes: Uint8Array } }) => {
  if (Buffer.from(msg.job.bytes).includes(CRASH_MARK)) process.exit(7);
});
