/**
 * Whether the store answers (PostgreSQL restarted, a connection dropped): after a failure the daemon
 * reports not-ready and probes the store with backoff instead of failing every poll; polls wait for
 * the next probe, and everything resumes when one answers. The daemon never exits over it.
 */
import { oneLine } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Sql } from "../store/db.ts";
import type { Clock, Timer } from "./clock.ts";

/** The first wait before probing again, doubled per failed probe up to PROBE_MAX_MS. */
export const PROBE_MIN_MS = 1_000;
export const PROBE_MAX_MS = 30_000;

/** The store's health as the daemon sees it. */
export interface StoreHealth {
  /** False from a failure until a probe answers. */
  readonly up: boolean;
  /** Epoch ms of the next probe while down (polls wait for it), else null. */
  readonly retryAt: number | null;
  /** Note that an operation failed for the store's sake: go not-ready and start probing. */
  failed(err: unknown): void;
  /** Stop probing (shutdown). */
  stop(): void;
}

/** Watch `db`: probes with `SELECT 1`, logging once when it goes away and once when it is back. */
export function watchStore(db: Sql, clock: Clock, log: Logger): StoreHealth {
  let up = true;
  let wait = PROBE_MIN_MS;
  let retryAt: number | null = null;
  let timer: Timer | null = null;
  let stopped = false;
  const probe = async () => {
    timer = null;
    if (stopped) return;
    try {
      await db.get("SELECT 1 AS one");
      log.info({}, "store reachable again: resuming");
      up = true;
      retryAt = null;
      wait = PROBE_MIN_MS;
    } catch (err) {
      wait = Math.min(PROBE_MAX_MS, wait * 2);
      arm();
      log.debug({ err: oneLine(err), retryInMs: wait }, "store still unreachable");
    }
  };
  const arm = () => {
    if (stopped) return;
    retryAt = clock.now() + wait;
    timer = clock.after(wait, () => void probe());
  };
  return {
    get up() {
      return up;
    },
    get retryAt() {
      return retryAt;
    },
    failed(err) {
      if (!up || stopped) return;
      up = false;
      log.error({ err: oneLine(err), code: "STORE" }, "store unreachable: not ready; retrying with backoff");
      arm();
    },
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
