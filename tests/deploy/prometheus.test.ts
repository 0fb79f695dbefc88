/**
 * End to end: a real Prometheus scrapes a running `feedwright daemon` (child process, loopback feed
 * server) with the shipped alert rules, only their `for:` shortened; the dashboard's every expression is
 * valid PromQL for that Prometheus and names metrics the daemon exports.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type DaemonChild, spawnDaemon } from "../daemon/child.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { alertRules, missingTools, type PrometheusServer, startPrometheus } from "../support/prometheus.ts";

const ROOT = join(import.meta.dirname, "../..");
const RULES = readFileSync(join(ROOT, "deploy/prometheus/alerts.yml"), "utf8");
const DASHBOARD = JSON.parse(readFileSync(join(ROOT, "deploy/grafana/feedwright.json"), "utf8")) as Dashboard;

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; definition?: string }[] };
}
interface ShippedConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}
interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>ok</title><link>https://x.example/</link>
<item><title>A story</title><link>https://x.example/a</link><guid>a</guid></item></channel></rss>`;

/** alerts.yml as shipped, with every `for:` cut to 1s (nothing else changes). */
function fastRules(): string {
  const doc = { groups: [{ name: "feedwright", rules: alertRules(RULES) }] };
  for (const r of doc.groups[0]!.rules) if (r.for) r.for = "1s";
  return stringify(doc);
}

/** Grafana's variables replaced by what Prometheus accepts for them. */
const grafana = (expr: string) =>
  expr.replaceAll("$__rate_interval", "1m").replaceAll("$__range", "1h").replaceAll("$instance", ".*");

/** The metric names an expression selects: identifiers before a `{` or `[` selector. */
const selected = (expr: string) => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((m) => m[1]!);

/** The sample names in a /metrics text, histograms' `_bucket`/`_sum`/`_count` included. */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]!);
    if (m[2] === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(m[1]! + s);
  }
  return names;
}

describe.skipIf(missingTools("prometheus") !== "")(
  `Prometheus scraping a feedwright daemon${missingTools("prometheus")}`,
  () => {
    let feeds: FeedServer;
    let daemon: DaemonChild;
    let prom: PrometheusServer;
    let metricsText: string;

    beforeAll(async () => {
      feeds = await startFeedServer([
        http.get("*/ok.xml", () =>
          HttpResponse.text(RSS, { headers: { "content-type": "application/rss+xml" } }),
        ),
        http.get("*/broken.xml", () => new HttpResponse("down", { status: 500 })),
        http.get("*/moved.xml", () => new HttpResponse("gone", { status: 410 })),
      ]);
      const dir = mkdtempSync(join(tmpdir(), "feedwright-prometheus-daemon-"));
      // A 1s interval: the broken feed fails its third poll after 2+4 s of backoff.
      writeFileSync(
        join(dir, "feeds.yaml"),
        `store: state.db
fetch: { interval: 1s, retries: 0 }
feeds:
${["ok", "broken", "moved"].map((id) => `  - { id: ${id}, url: "${feeds.url}/${id}.xml" }`).join("\n")}
digests:
  - { id: weekly, title: Weekly, schedule: "0 9 * * 4" }
`,
      );
      daemon = spawnDaemon(["--config", join(dir, "feeds.yaml"), "--listen", "127.0.0.1:0"]);
      const target = new URL(await daemon.url).host;
      // deploy/prometheus/prometheus.yml as shipped, scraping this daemon every second.
      const config = parse(
        readFileSync(join(ROOT, "deploy/prometheus/prometheus.yml"), "utf8"),
      ) as ShippedConfig;
      config.global = { scrape_interval: "1s", evaluation_interval: "1s" };
      expect(config.scrape_configs[0]!.static_configs[0]!.targets).toEqual(["feedwright:9464"]);
      config.scrape_configs[0]!.static_configs[0]!.targets = [target];
      expect(config.rule_files).toEqual(["alerts.yml"]);
      prom = await startPrometheus(stringify(config), { "alerts.yml": fastRules() });
      metricsText = await (await fetch(`${await daemon.url}/metrics`)).text();
    });

    afterAll(async () => {
      await prom?.close();
      if (daemon && daemon.proc.exitCode === null) {
        daemon.proc.kill("SIGTERM");
        await daemon.exit;
      }
      await feeds?.close();
    });

    it("scrapes feedwright_polls_total and fires the alerts for a failing and a gone feed, naming them", async () => {
      const ok = await prom.until("a scraped ok poll", async () => {
        const r = await prom.api("query", { query: 'feedwright_polls_total{feed="ok",outcome="ok"} >= 1' });
        const result = (r.data as { result: { metric: Record<string, string> }[] }).result;
        return result[0]?.metric;
      });
      expect(ok).toMatchObject({ job: "feedwright", feed: "ok", outcome: "ok" });

      const firing = await prom.until("both feed alerts to fire", async () => {
        const r = await prom.api("alerts");
        const alerts = (r.data as { alerts: Alert[] }).alerts.filter((a) => a.state === "firing");
        const failing = alerts.find((a) => a.labels.alertname === "FeedwrightFeedFailing");
        const gone = alerts.find((a) => a.labels.alertname === "FeedwrightFeedGone");
        return failing && gone && { failing, gone, all: alerts };
      });
      expect(firing.failing.labels).toMatchObject({ feed: "broken", severity: "warning", job: "feedwright" });
      expect(firing.failing.annotations.summary).toMatch(/^Feed broken has failed \d+ polls in a row$/);
      expect(firing.gone.labels).toMatchObject({ feed: "moved", severity: "warning" });
      expect(firing.gone.annotations.description).toContain("feedwright fetch --feed moved --retry-gone");
      // The healthy feed and the young daemon raise nothing else.
      expect(firing.all.map((a) => `${a.labels.alertname} ${a.labels.feed}`).sort()).toEqual([
        "FeedwrightFeedFailing broken",
        "FeedwrightFeedGone moved",
      ]);
    });

    it("uses only metrics the daemon exports, in the alert rules and in the dashboard", () => {
      const names = exported(metricsText);
      const exprs = [
        ...alertRules(RULES).map((r) => r.expr),
        ...DASHBOARD.panels.flatMap((p) => (p.targets ?? []).map((t) => grafana(t.expr))),
        // label_values(metric, label): Grafana's, not PromQL, but it must name an exported metric too.
        ...DASHBOARD.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
      ];
      for (const expr of exprs) {
        const used = [...selected(expr), ...(expr.match(/\b(?:feedwright|process|nodejs)_\w+/g) ?? [])];
        expect(used.length, expr).toBeGreaterThan(0);
        for (const name of used) expect(names, `${name} in ${expr}`).toContain(name);
      }
    });

    it("has a dashboard whose every expression is valid PromQL for that Prometheus", async () => {
      const exprs = DASHBOARD.panels.flatMap((p) => (p.targets ?? []).map((t) => [p.title, t.expr] as const));
      expect(exprs.length).toBeGreaterThanOrEqual(10);
      for (const [title, expr] of exprs) {
        const r = await prom.api("query", { query: grafana(expr) });
        expect(r, `${title}: ${expr}`).toMatchObject({ status: "success" });
      }
      // The check itself tells a broken expression apart.
      expect(await prom.api("query", { query: "sum by (feed (feedwright_polls_total)" })).toMatchObject({
        status: "error",
        errorType: "bad_data",
      });
    });
  },
);
