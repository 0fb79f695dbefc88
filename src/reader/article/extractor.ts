/**
 * Article extraction on a thread of its own, with a memory cap and a time limit per page: a hostile
 * or pathological page can cost at most its limit, never the draft's memory or its end.
 */
import { Worker } from "node:worker_threads";
import { siblingModule } from "../../sibling-module.ts";
import type { ExtractedArticle, ExtractOptions } from "./extract.ts";
import type { ExtractRequest } from "./extract-worker.ts";

/** Extracts pages one at a time on its thread; close() ends the thread. */
export interface Extractor {
  /** The article of one page, or null; rejects (one line) past the time or memory limit. */
  extract(html: string, opts: ExtractOptions): Promise<ExtractedArticle | null>;
  close(): Promise<void>;
}

/** Limits of the extraction thread. */
export interface ExtractorLimits {
  /** Per page (default 20 s; the benchmark's pages take 10–300 ms). */
  timeoutMs?: number;
  /** The thread's old-generation heap (default 192 MB; the largest benchmark page needs ~60). */
  heapMb?: number;
  /** The thread's young generation (default 48 MB): larger collects less often but holds more memory. */
  youngMb?: number;
}

const WORKER_URL = siblingModule("extract-worker", import.meta.url);

type Reply = { id: number; article: ExtractedArticle | null } | { id: number; error: string };

/** Start an extractor (the thread starts with the first page). */
export function createExtractor(limits: ExtractorLimits = {}): Extractor {
  const timeoutMs = limits.timeoutMs ?? 20_000;
  const heapMb = limits.heapMb ?? 192;
  const youngMb = limits.youngMb ?? 48;
  let worker: Worker | null = null;
  let next = 1;
  // One page at a time: a page over its limit takes the thread down, and only that page fails.
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Worker => {
    const w = new Worker(WORKER_URL, {
      // 48 MB young: more of a page's DOM dies before a scavenge copies it (32 MB: more CPU in
      // bench/extract.ts), and peak RSS stays well under 300 MB (64 MB and more: 255-275 MB).
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb },
    });
    w.unref();
    return w;
  };

  const run = (html: string, opts: ExtractOptions) =>
    new Promise<ExtractedArticle | null>((resolve, reject) => {
      worker ??= start();
      const w = worker;
      const id = next++;
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        fn();
      };
      const lost = (why: string) => {
        if (worker === w) worker = null;
        finish(() => reject(new Error(why)));
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        finish(() => ("error" in reply ? reject(new Error(reply.error)) : resolve(reply.article)));
      };
      const onError = (err: Error & { code?: string }) =>
        lost(
          err.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? `the page needs more than ${heapMb} MB to extract`
            : `the extractor failed: ${err.message}`,
        );
      const onExit = () => lost("the extractor stopped");
      const timer = setTimeout(() => {
        lost(`extraction took longer than ${timeoutMs / 1000} s`);
        void w.terminate();
      }, timeoutMs);
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage({ id, html, opts } satisfies ExtractRequest);
    });

  return {
    extract(html, opts) {
      const result = queue.then(() => run(html, opts));
      queue = result.catch(() => {});
      return result;
    },
    async close() {
      await queue;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
