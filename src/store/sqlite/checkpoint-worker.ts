/**
 * The checkpointing thread of a parse pool (checkpointer.ts starts it): copies what the parse
 * workers wrote to a store's WAL into the database file, on request, and keeps the WAL short. A
 * checkpoint reads the WAL, writes the database and waits for two fsyncs; done here, that waiting
 * no longer holds up the thread that parses and stores the next feed.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SqliteDb } from "./db.ts";
import { openWorkerStore, STORE_LOCK, withStoreLock } from "./worker-store.ts";

/** A message to the checkpointer: checkpoint one store file, or close its connections and exit. */
export type CheckpointMessage = { checkpoint: string } | { close: true };

/** The checkpointer's reply: the request for `done` is over (checkpointed, or skipped on an error). */
export interface CheckpointReply {
  done: string;
}

/** The flag in workerData that makes this module serve requests (so importing it elsewhere does nothing). */
export const CHECKPOINT_FLAG = "feedwrightCheckpointWorker";
/** workerData key: WAL frames from which a checkpoint makes sure the WAL starts over. */
export const RESTART_FRAMES = "feedwrightRestartFrames";

const port = parentPort;
const data = workerData as Record<string, unknown> | null;
if (port && data?.[CHECKPOINT_FLAG] === true) {
  const lock = data[STORE_LOCK] as Int32Array | undefined;
  const restartFrames = (data[RESTART_FRAMES] as number | undefined) ?? 4096;
  const stores = openWorkerStore();
  port.on("message", async (msg: CheckpointMessage) => {
    if ("close" in msg) {
      await stores.close();
      process.exit(0);
    }
    const path = msg.checkpoint;
    try {
      await stores.use(path, async (db) => checkpoint(db, lock, restartFrames));
    } catch {
      // Nothing is lost: the writes are committed in the WAL, and the next checkpoint, or the
      // store's last close, copies them.
    }
    port.postMessage({ done: path } satisfies CheckpointReply);
  });
}

/** One checkpoint of `db`, finished under `lock` once the WAL holds `restartFrames` frames. */
function checkpoint(db: SqliteDb, lock: Int32Array | undefined, restartFrames: number): void {
  // PASSIVE: copies what no reader still needs, never waits for (or blocks) a writer.
  const { log } = db.sql.prepare("PRAGMA wal_checkpoint(PASSIVE)").get() as { log: number };
  // With two workers writing in turn that never catches up: SQLite starts a WAL over only when
  // a write begins with all of it copied, so the WAL would grow to hold everything the run
  // writes (339 MB in bench/fetch) and the store's close would go over all of it again. Once
  // it holds `restartFrames` (16 MB of 4 KB pages), a second pass copies what came meanwhile,
  // and a last one, holding the workers' lock, the little that is left: the checkpoint
  // completes, and the next write starts the WAL over. Taking the lock only then keeps the
  // workers' wait for it short: in bench/fetch 16 times ~10 ms (a fsync of the database
  // mostly), where locking every checkpoint cost 62 times ~7 ms.
  if (log >= restartFrames) {
    db.sql.exec("PRAGMA wal_checkpoint(PASSIVE)");
    withStoreLock(lock, () => db.sql.exec("PRAGMA wal_checkpoint(PASSIVE)"));
  }
}
