/** The extraction thread: runs extractArticle() on the pages the extractor (extractor.ts) sends. */
import { parentPort } from "node:worker_threads";
import { type ExtractOptions, extractArticle } from "./extract.ts";

/** A page to extract, by request id. */
export interface ExtractRequest {
  id: number;
  html: string;
  opts: ExtractOptions;
}

parentPort?.on("message", (req: ExtractRequest) => {
  try {
    parentPort!.postMessage({ id: req.id, article: extractArticle(req.html, req.opts) });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: (err as Error)?.message ?? String(err) });
  }
});
