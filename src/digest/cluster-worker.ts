/** A worker thread of ClusterPool: tokenizes a chunk of entries, then signs entries and checks LSH bands. */
import { parentPort } from "node:worker_threads";
import { checkBands, type PairContext, signRange } from "./candidates.ts";
import type { WorkerRequest } from "./cluster-pool.ts";
import { extractFeatures } from "./features.ts";
import { IntList } from "./int-list.ts";
import { makeUnionFind } from "./union-find.ts";

let ctx: PairContext | undefined;

parentPort?.on("message", (request: WorkerRequest) => {
  if (request.op === "features") {
    const raw = extractFeatures(request.titles, request.summaries);
    // The typed arrays are transferred, not copied, back to the caller.
    const sets = [raw.title, raw.all, raw.titleNames];
    const buffers = sets.flatMap((s) => [s.off.buffer, s.ids.buffer, s.codes.buffer]);
    parentPort?.postMessage(raw, [...buffers, raw.hasSummary.buffer] as ArrayBuffer[]);
  } else if (request.op === "sign") {
    ctx = request.ctx; // its arrays are shared memory: the caller sees what this thread writes
    signRange(ctx, request.from, request.to);
    parentPort?.postMessage(null);
  } else {
    if (!ctx) throw new Error("cluster worker: asked to check bands before signing");
    // Own unions only to skip pairs already joined here; the caller joins the accepted pairs again.
    const uf = makeUnionFind(ctx.n);
    const pairs = new IntList(Int32Array, 4096);
    const accept = (i: number, j: number) => {
      uf.union(i, j);
      pairs.push(i);
      pairs.push(j);
    };
    checkBands(ctx, request.from, request.to, (i, j) => uf.find(i) === uf.find(j), accept);
    const out = pairs.toArray();
    parentPort?.postMessage(out, [out.buffer as ArrayBuffer]);
  }
});
