import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MODULE = new URL("../src/compile-cache.ts", import.meta.url).href;

/** What a fresh node process sees in NODE_COMPILE_CACHE, and in a worker it starts, after enableCompileCache(). */
function run(env: NodeJS.ProcessEnv): { main: string; worker: string } {
  const dir = mkdtempSync(join(tmpdir(), "fw-cc-run-"));
  writeFileSync(
    join(dir, "worker.mjs"),
    `import { parentPort } from "node:worker_threads"; parentPort.postMessage(process.env.NODE_COMPILE_CACHE ?? "");`,
  );
  writeFileSync(
    join(dir, "main.mjs"),
    `import { Worker } from "node:worker_threads";
    const { enableCompileCache } = await import(${JSON.stringify(MODULE)});
    enableCompileCache();
    const worker = new Worker(new URL("./worker.mjs", import.meta.url));
    const seen = await new Promise((resolve) => worker.once("message", resolve));
    await worker.terminate();
    console.log(JSON.stringify({ main: process.env.NODE_COMPILE_CACHE ?? "", worker: seen }));`,
  );
  return JSON.parse(execFileSync(process.execPath, [join(dir, "main.mjs")], { env, encoding: "utf8" }));
}

describe("enableCompileCache", () => {
  it("passes the cache folder on to worker threads, which do not inherit an enabled cache", () => {
    const tmp = mkdtempSync(join(tmpdir(), "fw-cc-"));
    const { NODE_COMPILE_CACHE: _, ...env } = process.env;
    const seen = run({ ...env, TMPDIR: tmp });
    expect(seen.main).toBe(join(tmp, "node-compile-cache"));
    expect(seen.worker).toBe(seen.main);
  });

  it("keeps a folder the user chose", () => {
    const chosen = mkdtempSync(join(tmpdir(), "fw-cc-"));
    expect(run({ ...process.env, NODE_COMPILE_CACHE: chosen })).toEqual({ main: chosen, worker: chosen });
  });
});
