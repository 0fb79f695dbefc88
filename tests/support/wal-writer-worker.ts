/**
 * Writes like a parse worker (tests/store/sqlite/checkpointer.test.ts): `writes` transactions of a
 * `bytes`-long blob into table t of the store at `path`, each under the pool's store lock, its
 * connection never checkpointing, with a short pause between them (the parse of the next feed).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "../../src/store/sqlite/db.ts";
import { withStoreLockAsync } from "../../src/store/sqlite/worker-store.ts";

const { path, lock, writes, bytes } = workerData as {
  path: string;
  lock: Int32Array;
  writes: number;
  bytes: number;
};
const db = await openSqlite(path);
db.sql.exec("PRAGMA wal_autocheckpoint = 0");
const pause = new Int32Array(new SharedArrayBuffer(4));
const blob = new Uint8Array(bytes).fill(7);
for (let i = 0; i < writes; i++) {
  await withStoreLockAsync(lock, () => db.tx((q) => q.run("INSERT INTO t (b) VALUES (?)", [blob])));
  parentPort!.postMessage("wrote");
  Atomics.wait(pause, 0, 0, 2);
}
await db.close();
parentPort!.postMessage("done");
