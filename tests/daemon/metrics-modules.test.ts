/** src/daemon/metrics.ts takes prom-client's parts by path, so the daemon never loads the rest of it. */
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { createMetrics } from "../../src/daemon/metrics.ts";

it("serves the default and feedwright metrics without loading prom-client's index, Summary or Pushgateway", async () => {
  const m = createMetrics();
  m.feedState("a", 0, null);
  const text = await m.text();
  for (const name of [
    "process_cpu_user_seconds_total",
    "process_resident_memory_bytes",
    "nodejs_heap_size_used_bytes",
    "nodejs_eventloop_lag_seconds",
    "nodejs_version_info",
    'feedwright_feed_consecutive_failures{feed="a"} 0',
  ])
    expect(text).toContain(name);
  const require = createRequire(import.meta.url);
  const loaded = Object.keys(require.cache).filter((f) => f.includes("/prom-client/"));
  expect(
    loaded.filter((f) => /\/prom-client\/(index\.js|lib\/(summary|pushgateway|cluster)\.js)/.test(f)),
  ).toEqual([]);
  // The paths metrics.ts requires are still what prom-client's index exports (an upgrade that moves them fails here).
  const prom = await import("prom-client");
  expect(require("prom-client/lib/registry")).toBe(prom.Registry);
  expect(require("prom-client/lib/counter")).toBe(prom.Counter);
  expect(require("prom-client/lib/gauge")).toBe(prom.Gauge);
  expect(require("prom-client/lib/histogram")).toBe(prom.Histogram);
  expect(require("prom-client/lib/defaultMetrics")).toBe(prom.collectDefaultMetrics);
});
