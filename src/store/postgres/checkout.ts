/** A connection taken from the pool for more than one query (a transaction, a prepared script). */
import type pg from "pg";
import type { AppError } from "../../errors.ts";

/** A held connection: give it back with `release`, which drops it when it broke or `err` is given. */
export interface Held {
  client: pg.PoolClient;
  release(err?: Error): void;
}

/** Take a connection from `pool`; AppError (via `fail`) when none can be had. */
export async function checkout(pool: pg.Pool, fail: (err: unknown, what: string) => AppError): Promise<Held> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw fail(err, "cannot connect");
  }
  let broken: Error | undefined;
  // A server shutting down (a restart) ends held connections with an 'error' event, which would
  // crash the process unheard: note it, so the connection is discarded on release.
  const onError = (e: Error) => {
    broken = e;
  };
  client.on("error", onError);
  return {
    client,
    release: (err) => {
      client.off("error", onError);
      client.release(err ?? broken);
    },
  };
}
