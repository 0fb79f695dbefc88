/**
 * feedwright daemon: decides only *when* a pass runs. Polls each feed on its own interval, drafts each
 * digest at its cron slots (catching up a slot missed while down), serves /healthz /readyz /metrics
 * /feeds, holds the store's lease, reloads on SIGHUP and stops cleanly on SIGTERM/SIGINT.
 */
import type { Config } from "./config.ts";
import { type Clock, systemClock } from "./daemon/clock.ts";
import { collectGarbage } from "./daemon/collect-garbage.ts";
import { Drafter, scheduledDigests } from "./daemon/drafter.ts";
import { feedTable } from "./daemon/feed-table.ts";
import { holdStore, type StoreHold } from "./daemon/fleet.ts";
import { type ListenAddress, startHttp } from "./daemon/http.ts";
import { createMetrics } from "./daemon/metrics.ts";
import { MissingDrafts } from "./daemon/missing-drafts.ts";
import { pollHistory, watchedPoll } from "./daemon/poll-job.ts";
import { type PolledFeed, Poller } from "./daemon/poller.ts";
import { redactor } from "./daemon/redact.ts";
import { reloadConfig } from "./daemon/reload.ts";
import type { Runtime } from "./daemon/runtime.ts";
import { watchStore } from "./daemon/store-health.ts";
import type { Logger } from "./log.ts";
import { fetcherFor } from "./pipeline/refresh.ts";
import { openStore } from "./store/db.ts";
import { ensureFeeds } from "./store/feeds.ts";

/** After the deadline aborts in-flight work, how long to let it unwind before closing the store anyway. */
const ABORT_GRACE_MS = 2_000;

/** How the daemon is started. */
export interface DaemonOptions {
  /** The config file, re-read on reload. */
  configPath: string;
  config: Config;
  listen: ListenAddress;
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGTERM/SIGINT. */
  signal: AbortSignal;
  /** Registers the reload handler (SIGHUP); returns its removal. */
  onReload?: (reload: () => void) => () => void;
  /** Told the URL the endpoints listen on, once the daemon runs. */
  onListening?: (url: string) => void;
  clock?: Clock;
  random?: () => number;
}

const hostOf = (url: string) => new URL(url).host;

/** The configured feeds to poll, their stored states read (created) into rt.states. */
async function polledFeeds(rt: Runtime): Promise<PolledFeed[]> {
  const out: PolledFeed[] = [];
  // One transaction of a few statements, however many feeds: on PostgreSQL a statement or four per
  // feed was a round trip each before the first poll, and again at each reload.
  const states = await rt.db.tx((q) => ensureFeeds(q, rt.config.feeds));
  for (const [i, f] of rt.config.feeds.entries()) {
    const state = states[i]!;
    rt.states.set(f.id, state);
    // Per-host limits follow the URL really polled (after permanent redirects), as the fetcher's do.
    out.push({
      id: f.id,
      url: f.url,
      host: hostOf(state.url),
      intervalMs: f.interval ?? rt.config.fetch.interval,
    });
  }
  return out;
}

const limits = (c: Config) => ({ concurrency: c.fetch.concurrency, perHost: c.fetch.perHost });

/** Run the daemon until `signal` aborts; resolves to the exit code. AppError STORE_LOCKED / USAGE before it starts. */
export async function runDaemon(opts: DaemonOptions): Promise<number> {
  const clock = opts.clock ?? systemClock;
  const { log } = opts;
  // Publishing without its token is bad input: refuse to start rather than fail at the first slot.
  // Loaded only when configured: publishing pulls in the drafting modules, which an idle daemon need not hold.
  if (opts.config.publish) (await import("./publish/publish.ts")).checkPublish(opts.config, opts.env);
  // A poll reads and writes a few pages of one feed: SQLite's default 2 MB page cache would only fill up
  // over the first rounds of polls (the daemon's memory growing by as much), where the OS caches the file
  // anyway (bench/README.md, daemon). This connection's setting, not the store's.
  const db = await openStore(opts.config.store, { cacheKiB: 256 });
  const abort = new AbortController();
  const stopping = new AbortController();
  let lost = false;
  const c = opts.config;
  const missingDrafts = new MissingDrafts();
  const metrics = createMetrics(() =>
    missingDrafts.check(db, rt.config.timezone, scheduledDigests(rt.config), new Date(clock.now())),
  );
  let hold: StoreHold;
  try {
    hold = await holdStore(db, c, {
      clock,
      log,
      metrics,
      onLost: () => {
        lost = true;
        log.error({ store: db.path }, "lost the store's lease to another daemon: stopping");
        stopping.abort();
      },
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const { lease, claimer } = hold;
  const rt: Runtime = {
    config: c,
    db,
    fetcher: fetcherFor(c, opts.env, () => new Date(clock.now())),
    log,
    clock,
    metrics,
    env: opts.env,
    redact: redactor(c, opts.env),
    abort: abort.signal,
    stopping: stopping.signal,
    missed: new Map(),
    states: new Map(),
    claimer,
    heldElsewhere: new Map(),
  };
  const health = watchStore(db, clock, log);
  const poller = new Poller({
    clock,
    random: opts.random ?? Math.random,
    ...limits(c),
    poll: (id) => watchedPoll(rt, health, id),
    history: (id) => pollHistory(rt, health, id),
    onError: (feed, err) => log.error({ feed, err, code: "INTERNAL" }, "poll failed unexpectedly"),
  });
  const drafter = new Drafter({
    db,
    lease: hold.slotLease,
    clock,
    log,
    schedules: () => ({ timezone: rt.config.timezone, digests: scheduledDigests(rt.config) }),
    // Drafting (digest/, llm/, publish/, Handlebars) loads at the first slot, not at start: a daemon
    // spends most of its life polling, and every module loaded stays in memory.
    draft: async (id, date, slot) =>
      (await import("./daemon/draft-job.ts")).draftJob(rt, () => poller.pollDue(), id, date, slot),
  });
  const applyFeeds = async () => {
    const feeds = await polledFeeds(rt);
    for (const f of feeds) {
      const s = rt.states.get(f.id);
      rt.metrics.feedState(f.id, s?.consecutiveFailures ?? 0, s?.lastSuccess ?? null, s?.gone ?? false);
      if (s?.gone) log.warn({ feed: f.id }, "feed is gone (HTTP 410): not polled until its url changes");
    }
    poller.setFeeds(feeds, limits(rt.config));
    const publishing = rt.config.publish !== undefined;
    for (const d of rt.config.digests) if (d.schedule) rt.metrics.digestState(d.id, publishing && d.publish);
  };
  let http: Awaited<ReturnType<typeof startHttp>>;
  try {
    await applyFeeds();
    http = await startHttp(
      opts.listen,
      {
        healthy: () => !stopping.signal.aborted,
        ready: () => !stopping.signal.aborted && db.isOpen() && health.up && poller.ready,
        metrics: async () => ({ contentType: rt.metrics.contentType, body: await rt.metrics.text() }),
        feeds: () => feedTable(rt, poller, drafter),
      },
      "--listen",
    );
  } catch (err) {
    await lease.release();
    await rt.fetcher.close();
    await db.close();
    throw err;
  }
  const reload = () =>
    reloadConfig(opts, rt, applyFeeds, () => drafter.reschedule()).catch((err) =>
      log.error({ err, code: "INTERNAL" }, "reload failed unexpectedly"),
    );
  const offReload = opts.onReload?.(reload);
  collectGarbage();
  log.info(
    { listen: http.url, store: db.path, feeds: c.feeds.length, digests: c.digests.length, pid: process.pid },
    "daemon started",
  );
  opts.onListening?.(http.url);
  poller.start();
  void drafter.start();

  await new Promise<void>((resolve) => {
    if (opts.signal.aborted || stopping.signal.aborted) return resolve();
    opts.signal.addEventListener("abort", () => resolve(), { once: true });
    stopping.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  stopping.abort();
  offReload?.();
  const deadline = rt.config.daemon?.shutdownTimeout ?? 10_000;
  log.info({ inFlight: poller.inFlight, deadlineMs: deadline }, "stopping: no new polls or drafts");
  poller.stop();
  drafter.stop();
  health.stop();
  const settled = Promise.all([poller.idle(), drafter.idle()]).then(() => true);
  const within = (ms: number) =>
    Promise.race([settled, new Promise<false>((r) => clock.after(ms, () => r(false)))]);
  if (!(await within(deadline))) {
    log.warn({ inFlight: poller.inFlight }, "stopping: deadline passed, aborting in-flight polls");
    abort.abort();
    if (!(await within(ABORT_GRACE_MS)))
      log.warn({ inFlight: poller.inFlight }, "stopping: closing the store anyway");
  }
  await http.close();
  await lease.release();
  await claimer?.close().catch((err) => log.warn({ err }, "releasing the feed claims failed: they expire"));
  await rt.fetcher.close();
  await db.close();
  log.info({}, "stopped");
  return lost ? 1 : 0;
}
