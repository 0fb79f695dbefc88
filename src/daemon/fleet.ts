/**
 * How a daemon shares its store: alone on SQLite (the store's lease, daemon/lease.ts), or beside other
 * daemons on PostgreSQL, where each feed is claimed per poll (pipeline/claimer.ts) and slots carry leases.
 */
import { hostname } from "node:os";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { CLAIM_TTL_MS, type Claimer, createClaimer } from "../pipeline/claimer.ts";
import type { Db } from "../store/db.ts";
import type { SlotLease } from "../store/slots.ts";
import type { Clock } from "./clock.ts";
import { holdLease, type Lease } from "./lease.ts";
import type { Metrics } from "./metrics.ts";

/** The daemon's hold on the store. */
export interface StoreHold {
  /** The one-daemon lease (a no-op on PostgreSQL). */
  lease: Lease;
  /** Per-feed claims, on PostgreSQL only. */
  claimer: Claimer | null;
  /** The lease slots are claimed with, on PostgreSQL only. */
  slotLease: SlotLease | undefined;
}

/**
 * Take the store: the lease on SQLite (AppError STORE_LOCKED when another daemon holds it; `onLost`
 * when it is lost later), per-feed claims on PostgreSQL. The metrics say which daemon this is.
 */
export async function holdStore(
  db: Db,
  config: Config,
  d: { clock: Clock; log: Logger; metrics: Metrics; onLost: () => void },
): Promise<StoreHold> {
  d.metrics.identify(hostname(), process.pid);
  if (db.dialect !== "postgres") {
    return { lease: await holdLease(db, d.clock, d.onLost), claimer: null, slotLease: undefined };
  }
  const ttlMs = config.daemon?.leaseTtl ?? CLAIM_TTL_MS;
  const claimer = createClaimer(db, {
    ttlMs,
    perHost: config.fetch.perHost,
    now: () => new Date(d.clock.now()),
    log: d.log,
    after: (ms, fn) => d.clock.after(ms, fn),
    onEvent: (event) => d.metrics.claim(event),
  });
  return {
    lease: { release: async () => {} },
    claimer,
    slotLease: { owner: claimer.me.owner, by: claimer.me.by, ttlMs },
  };
}
