import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  createStoreLock,
  releaseStoreLockOf,
  withStoreLock,
} from "../../../src/store/sqlite/worker-store.ts";

const WORKER = new URL("../../support/store-lock-worker.ts", import.meta.url);

function holder(lock: Int32Array) {
  const hold = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { workerData: { lock, hold } });
  const messages: string[] = [];
  worker.on("message", (m: string) => messages.push(m));
  const letGo = () => {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
  };
  return { worker, messages, letGo };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe("the parse workers' store lock", () => {
  it("lets one worker write at a time: the second waits until the first lets go", async () => {
    const lock = createStoreLock();
    const a = holder(lock);
    await until(() => a.messages.includes("locked"));
    expect(lock[0]).toBe(a.worker.threadId);
    const b = holder(lock);
    await new Promise((r) => setTimeout(r, 200));
    expect(b.messages).toEqual([]); // blocked on the lock
    a.letGo();
    await until(() => b.messages.includes("locked"));
    expect(a.messages).toEqual(["locked", "released"]);
    expect(lock[0]).toBe(b.worker.threadId);
    b.letGo();
    await until(() => b.messages.includes("released"));
    expect(lock[0]).toBe(0);
    await Promise.all([a.worker.terminate(), b.worker.terminate()]);
  });

  it("is given back when the worker holding it dies, so the others do not wait forever", async () => {
    const lock = createStoreLock();
    const a = holder(lock);
    await until(() => a.messages.includes("locked"));
    const dead = a.worker.threadId;
    const b = holder(lock);
    await a.worker.terminate(); // dies holding the lock
    releaseStoreLockOf(lock, 12345); // another thread's id: not the holder, changes nothing
    expect(lock[0]).toBe(dead);
    releaseStoreLockOf(lock, dead);
    await until(() => b.messages.includes("locked"));
    b.letGo();
    await once(b.worker, "exit");
    expect(lock[0]).toBe(0);
  });

  it("runs the function directly when there is no lock (in-thread parsing)", () => {
    expect(withStoreLock(undefined, () => 42)).toBe(42);
  });
});
