/**
 * Writes like a parse worker (tests/store/sqlite/checkpointer.test.ts): `writes` transactions of a
 * `bytes`-long blob into table t of the store at `path`, each under the pool's store lock, its
 * connection never checkpointing, with a short pause between them (the parse of the next feed).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDb } from "../../src/store/sqlite/db.ts";
import { withStoreLock } from "../../src/store/sqlite/worker-store.ts";

const { path, lock, writes, bytes } = workerData as {
  path: string;
  lock: Int32Array;
  writes: number;
  bytes: number;
};
const db = openDb(path);
db.sql.exec("PRAGMA wal_autocheckpoint = 0");
const pause = new Int32Array(new SharedArrayBuffer(4));
const blob = new Uint8Array(bytes).fill(7);
for (let i = 0; i < writes; i++) {
  withStoreLock(lock, () => db.tx(() => db.stmt("INSERT INTO t (b) VALUES (?)").run(blob)));
  parentPort!.postMessage("wrote");
  Atomics.wait(pause, 0, 0, 2);
}
db.close();
parentPort!.postMessage("done");
