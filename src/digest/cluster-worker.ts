/** A worker thread of extractFeaturesParallel(): the per-entry features of one chunk of entries. */
import { parentPort } from "node:worker_threads";
import { extractFeatures } from "./features.ts";

// One chunk per worker; the typed arrays are transferred, not copied, back to the caller.
parentPort?.once("message", (chunk: { titles: string[]; summaries: string[] }) => {
  const raw = extractFeatures(chunk.titles, chunk.summaries);
  const sets = [raw.title, raw.all, raw.titleNames];
  const buffers = sets.flatMap((s) => [s.off.buffer, s.ids.buffer, s.codes.buffer]);
  parentPort?.postMessage(raw, [...buffers, raw.hasSummary.buffer] as ArrayBuffer[]);
});
