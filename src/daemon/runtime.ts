/** What the daemon's jobs share: the current config, the open store, one fetcher, logs, metrics, time. */
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { Claimer } from "../pipeline/claimer.ts";
import type { Fetcher } from "../reader/http/fetch.ts";
import type { Db } from "../store/db.ts";
import type { FeedState } from "../types.ts";
import type { Clock } from "./clock.ts";
import type { Metrics } from "./metrics.ts";

/** The daemon's shared state; `config` and `redact` change on SIGHUP. */
export interface Runtime {
  config: Config;
  readonly db: Db;
  /** One connection pool for the daemon's life. */
  readonly fetcher: Fetcher;
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly env: NodeJS.ProcessEnv;
  /** Hides configured secrets in text that reaches logs or /feeds. */
  redact: (text: string) => string;
  /** Aborted when in-flight work must stop (the shutdown deadline passed). */
  readonly abort: AbortSignal;
  /** Aborted when shutdown begins: nothing new starts. */
  readonly stopping: AbortSignal;
  /** Feeds whose last response may have dropped items: feed id → that response's oldest item. */
  readonly missed: Map<string, string | null>;
  /**
   * Each configured feed's stored state as this daemon last read or wrote it: the scheduler and
   * /feeds read it synchronously, and only this daemon writes feed state (it holds the lease).
   */
  readonly states: Map<string, FeedState>;
  /** Per-feed claims when several daemons share a PostgreSQL store; null on SQLite (one daemon, the lease). */
  readonly claimer: Claimer | null;
  /** Feeds another process was polling when this one tried: feed id → epoch ms its claim runs until. */
  readonly heldElsewhere: Map<string, number>;
}
