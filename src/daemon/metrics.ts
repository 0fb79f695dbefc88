/** Prometheus metrics of the daemon: the one file that imports prom-client. */
import { createRequire } from "node:module";
import type * as Prom from "prom-client";
import type { FeedOutcome, FeedReport } from "../types.ts";

// prom-client's own files, as its index requires them (it has no `exports` map): the index also loads
// Summary (with tdigest and bintrees), Pushgateway (node:http, https, zlib) and the cluster aggregator
// (node:cluster), about 1.5 MB a long-running daemon would keep and never use (bench/README.md, daemon).
const require = createRequire(import.meta.url);
const Registry = require("prom-client/lib/registry") as typeof Prom.Registry;
const Counter = require("prom-client/lib/counter") as typeof Prom.Counter;
const Gauge = require("prom-client/lib/gauge") as typeof Prom.Gauge;
const Histogram = require("prom-client/lib/histogram") as typeof Prom.Histogram;
const collectDefaultMetrics = require("prom-client/lib/defaultMetrics") as typeof Prom.collectDefaultMetrics;

/** The daemon's metrics and their text exposition. */
export interface Metrics {
  /** Record one finished poll. */
  poll(report: FeedReport, lastSuccess: string | null): void;
  /**
   * Set a feed's health gauges from the store and create its counters at 0 (at start and on reload): its
   * ordinary series exist before its first poll, so rate() sees a feed's first failure (or first
   * may-have-missed poll), and the daemon does not grow while the first polls come in.
   */
  feedState(feedId: string, consecutiveFailures: number, lastSuccess: string | null, gone?: boolean): void;
  /**
   * Create a scheduled digest's draft counters (and, when it publishes, its failed-publish counter) at 0,
   * at start and on reload: increase() only sees a first failure on a series that existed before it.
   */
  digestState(digestId: string, publishes: boolean): void;
  /** Forget a digest removed from the config (or no longer scheduled). */
  removeDigest(digestId: string): void;
  /** Count a poll whose response may have lost items (its oldest item is newer than the previous poll). */
  mayHaveMissed(feedId: string): void;
  /** Forget a feed removed from the config. */
  removeFeed(feedId: string): void;
  /** Record one draft attempt. */
  draft(digestId: string, outcome: string, at: Date): void;
  /** Record one publish attempt. */
  publish(digestId: string, outcome: string): void;
  /** Count a claim event of several daemons on PostgreSQL: a feed claim taken, lost, or a late write refused. */
  claim(event: "taken" | "lost" | "fenced"): void;
  /** Name this daemon (host, pid), so a scrape says whose counters these are. */
  identify(host: string, pid: number): void;
  readonly contentType: string;
  text(): Promise<string>;
}

const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : null);

/** Every poll outcome. */
const OUTCOMES: readonly FeedOutcome[] = ["ok", "not-modified", "failed", "gone", "skipped"];
/**
 * The outcomes whose series every feed gets at start: those of ordinary polls, failures included, so
 * rate() sees a feed's first failure. Not "gone" (410, once in a feed's life) and "skipped" (the server
 * asked to wait): 2,000 more series for 1,000 feeds, ~0.4 MB the daemon would keep for rare events.
 */
const AT_START: readonly FeedOutcome[] = ["ok", "not-modified", "failed"];

/** Every draft outcome the daemon counts. */
const DRAFT_OUTCOMES = ["written", "empty", "failed"] as const;

/**
 * A fresh registry with the default process metrics and the feedwright ones. `missingDrafts`, asked at
 * each scrape, says per scheduled digest whether its latest slot still lacks a draft; it may throw (a
 * busy store), and the gauge then keeps its previous values rather than failing the whole scrape.
 */
export function createMetrics(missingDrafts?: () => Promise<Iterable<[string, boolean]>>): Metrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const registers = [register];
  const polls = new Counter({
    name: "feedwright_polls_total",
    help: "Feed polls by feed and outcome (ok, not-modified, failed, gone, skipped)",
    labelNames: ["feed", "outcome"],
    registers,
  });
  const duration = new Histogram({
    name: "feedwright_fetch_duration_seconds",
    help: "Duration of feed polls (fetch, parse and store), by outcome",
    labelNames: ["outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
    registers,
  });
  const bytes = new Counter({
    name: "feedwright_fetch_bytes_total",
    help: "Bytes received from feeds (on the wire, before decompression)",
    labelNames: ["feed"],
    registers,
  });
  const entries = new Counter({
    name: "feedwright_entries_stored_total",
    help: "New entries stored, by feed",
    labelNames: ["feed"],
    registers,
  });
  const failures = new Gauge({
    name: "feedwright_feed_consecutive_failures",
    help: "Consecutive failed polls of each feed (0 when the last poll succeeded)",
    labelNames: ["feed"],
    registers,
  });
  const lastSuccess = new Gauge({
    name: "feedwright_feed_last_success_timestamp_seconds",
    help: "Unix time of each feed's last successful poll",
    labelNames: ["feed"],
    registers,
  });
  const gone = new Gauge({
    name: "feedwright_feed_gone",
    help: "1 when the feed answered 410 Gone and is not polled until its url changes, else 0",
    labelNames: ["feed"],
    registers,
  });
  const missed = new Counter({
    name: "feedwright_feed_may_have_missed_total",
    help: "Polls whose response may have dropped items since the previous poll (poll more often)",
    labelNames: ["feed"],
    registers,
  });
  const drafts = new Counter({
    name: "feedwright_drafts_total",
    help: "Scheduled drafts by digest and outcome (written, empty, failed)",
    labelNames: ["digest", "outcome"],
    registers,
  });
  const lastDraft = new Gauge({
    name: "feedwright_draft_last_timestamp_seconds",
    help: "Unix time of each digest's last written draft",
    labelNames: ["digest"],
    registers,
  });
  const publishes = new Counter({
    name: "feedwright_publishes_total",
    help: "Publish attempts after a draft, by digest and outcome",
    labelNames: ["digest", "outcome"],
    registers,
  });
  const claims = {
    taken: new Counter({
      name: "feedwright_claims_taken_total",
      help: "Feed claims this daemon took (several daemons on PostgreSQL)",
      registers,
    }),
    lost: new Counter({
      name: "feedwright_claims_lost_total",
      help: "Feed claims this daemon held that expired and were taken over before its poll finished",
      registers,
    }),
    fenced: new Counter({
      name: "feedwright_fenced_writes_refused_total",
      help: "Poll results the store refused because the poll's claim had passed to another process",
      registers,
    }),
  };
  const info = new Gauge({
    name: "feedwright_daemon_info",
    help: "Always 1: the host and pid of the daemon these metrics are from",
    labelNames: ["host", "pid"],
    registers,
  });
  new Gauge({
    name: "feedwright_draft_missing",
    help: "1 while no draft of the digest was written since its latest scheduled slot (unless the slot was empty)",
    labelNames: ["digest"],
    registers,
    async collect() {
      if (!missingDrafts) return;
      let now: [string, boolean][];
      try {
        now = [...(await missingDrafts())];
      } catch {
        return;
      }
      this.reset();
      for (const [digest, missing] of now) this.set({ digest }, missing ? 1 : 0);
    },
  });
  const health = (feed: string, n: number, success: string | null, isGone: boolean) => {
    failures.set({ feed }, n);
    gone.set({ feed }, isGone ? 1 : 0);
    const at = seconds(success);
    if (at !== null) lastSuccess.set({ feed }, at);
  };
  for (const outcome of AT_START) duration.zero({ outcome });
  // Publish outcomes are whatever publishDraft reports; those seen are remembered to remove a digest's series.
  const publishOutcomes = new Set(["failed"]);
  return {
    poll(r, success) {
      polls.inc({ feed: r.feedId, outcome: r.outcome });
      if (r.outcome === "skipped") return;
      duration.observe({ outcome: r.outcome }, r.durationMs / 1000);
      bytes.inc({ feed: r.feedId }, r.bytes);
      entries.inc({ feed: r.feedId }, r.newEntries);
      // A gone feed is not polled again, so any other outcome means the feed is back (its url changed).
      health(r.feedId, r.consecutiveFailures, success, r.outcome === "gone");
    },
    feedState(feed, n, success, isGone = false) {
      for (const outcome of AT_START) polls.inc({ feed, outcome }, 0);
      for (const m of [bytes, entries, missed]) m.inc({ feed }, 0);
      health(feed, n, success, isGone);
    },
    digestState(digest, publishing) {
      for (const outcome of DRAFT_OUTCOMES) drafts.inc({ digest, outcome }, 0);
      if (publishing) publishes.inc({ digest, outcome: "failed" }, 0);
    },
    removeDigest(digest) {
      for (const outcome of DRAFT_OUTCOMES) drafts.remove({ digest, outcome });
      lastDraft.remove({ digest });
      for (const outcome of publishOutcomes) publishes.remove({ digest, outcome });
    },
    mayHaveMissed: (feed) => missed.inc({ feed }),
    removeFeed(feed) {
      for (const m of [failures, lastSuccess, gone]) m.remove({ feed });
      for (const m of [bytes, entries, missed]) m.remove({ feed });
      for (const outcome of OUTCOMES) polls.remove({ feed, outcome });
    },
    draft(digest, outcome, at) {
      drafts.inc({ digest, outcome });
      if (outcome === "written") lastDraft.set({ digest }, at.getTime() / 1000);
    },
    publish(digest, outcome) {
      publishOutcomes.add(outcome);
      publishes.inc({ digest, outcome });
    },
    claim: (event) => claims[event].inc(),
    identify: (host, pid) => info.set({ host, pid: String(pid) }, 1),
    contentType: register.contentType,
    text: () => register.metrics(),
  };
}
