/** SIGHUP: the new config is validated in full before any of it replaces the running one. */

import { type Config, loadConfig } from "../config.ts";
import { isAppError, oneLine } from "../errors.ts";
import { storeLabel } from "../store/url.ts";
import { collectGarbage } from "./collect-garbage.ts";
import { scheduledDigests } from "./drafter.ts";
import { redactor } from "./redact.ts";
import type { Runtime } from "./runtime.ts";

/** SIGHUP: re-read the config; apply it if valid, else keep the running one and say why. */
export async function reloadConfig(
  opts: { configPath: string; env: NodeJS.ProcessEnv },
  rt: Runtime,
  applyFeeds: () => Promise<void>,
  reschedule: () => void,
): Promise<void> {
  let next: Config;
  try {
    next = loadConfig(opts.configPath, opts.env);
  } catch (err) {
    const problems = isAppError(err) && err.details.length > 0 ? err.details : [oneLine(err)];
    rt.log.error({ config: opts.configPath, problems }, "reload rejected: keeping the running config");
    return;
  }
  try {
    // Imported only when configured, as at start: publishing pulls in the drafting modules.
    if (next.publish) (await import("../publish/publish.ts")).checkPublish(next, opts.env);
  } catch (err) {
    rt.log.error(
      { config: opts.configPath, problems: [oneLine(err)] },
      "reload rejected: keeping the running config",
    );
    return;
  }
  if (next.store !== rt.config.store) {
    rt.log.error(
      { config: opts.configPath, store: storeLabel(rt.config.store), wanted: storeLabel(next.store) },
      "reload rejected: the store cannot change while the daemon runs; restart it",
    );
    return;
  }
  const restartOnly = [
    ["daemon.listen", rt.config.daemon?.listen, next.daemon?.listen],
    ["fetch.maxBytes", rt.config.fetch.maxBytes, next.fetch.maxBytes],
    ["fetch.connectTimeout", rt.config.fetch.connectTimeout, next.fetch.connectTimeout],
    ["fetch.retries", rt.config.fetch.retries, next.fetch.retries],
    ["fetch.perHost (in the fetcher)", rt.config.fetch.perHost, next.fetch.perHost],
    ["fetch.retryAfterMax", rt.config.fetch.retryAfterMax, next.fetch.retryAfterMax],
    ["fetch.blockPrivateNetworks", rt.config.fetch.blockPrivateNetworks, next.fetch.blockPrivateNetworks],
  ].filter(([, a, b]) => a !== b);
  for (const [key] of restartOnly) rt.log.warn({ key }, "reload: this setting takes effect after a restart");
  const before = new Set(rt.config.feeds.map((f) => f.id));
  const drafted = new Set(scheduledDigests(rt.config).map((d) => d.id));
  rt.config = next;
  rt.redact = redactor(next, opts.env);
  for (const id of before) if (!next.feeds.some((f) => f.id === id)) rt.metrics.removeFeed(id);
  for (const id of drafted)
    if (!next.digests.some((d) => d.id === id && d.schedule)) rt.metrics.removeDigest(id);
  await applyFeeds();
  reschedule();
  collectGarbage();
  rt.log.info(
    { config: opts.configPath, feeds: next.feeds.length, digests: next.digests.length },
    "config reloaded",
  );
}
