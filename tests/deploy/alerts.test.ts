/** deploy/prometheus/alerts.yml: valid for promtool, every alert unit-tested, every one telling the operator what. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { alertRules, findTool, missingTools } from "../support/prometheus.ts";

const DIR = join(import.meta.dirname, "../../deploy/prometheus");
const RULES = join(DIR, "alerts.yml");
const TESTS = join(DIR, "alerts.test.yml");

const promtool = (cwd: string, ...args: string[]) => {
  const r = spawnSync(findTool("promtool") ?? "promtool", args, { cwd, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

describe("deploy/prometheus/alerts.yml", () => {
  const rules = alertRules(readFileSync(RULES, "utf8"));

  it("has the alerts an operator must act on, each naming its feed or digest", () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      "FeedwrightDraftNotWritten",
      "FeedwrightFeedFailing",
      "FeedwrightFeedGone",
      "FeedwrightFeedMayBeMissingItems",
      "FeedwrightNoSuccessfulPoll",
      "FeedwrightPublishFailing",
    ]);
    for (const r of rules) {
      expect(r.labels?.severity, r.alert).toMatch(/^(warning|critical)$/);
      // The daemon-wide alert names the daemon; the others their feed or digest, in both annotations.
      const subject =
        r.alert === "FeedwrightNoSuccessfulPoll"
          ? "instance"
          : r.alert.startsWith("FeedwrightFeed")
            ? "feed"
            : "digest";
      expect(r.annotations?.summary, r.alert).toContain(`{{ $labels.${subject} }}`);
      expect(r.annotations?.description, r.alert).toContain(`{{ $labels.${subject} }}`);
    }
  });

  it("has a unit test expecting each alert to fire, and one expecting it not to", () => {
    const doc = parse(readFileSync(TESTS, "utf8")) as {
      rule_files: string[];
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    expect(doc.rule_files).toEqual(["alerts.yml"]);
    const cases = doc.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const r of rules) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${r.alert} fires in a test`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${r.alert} stays quiet in a test`,
      ).toBe(true);
    }
  });

  describe.skipIf(missingTools("promtool") !== "")(`with promtool${missingTools("promtool")}`, () => {
    it("passes promtool check rules", () => {
      const r = promtool(DIR, "check", "rules", RULES);
      expect(r.out).toContain("SUCCESS: 6 rules found");
      expect(r.status).toBe(0);
    });

    it("is loaded by deploy/prometheus/prometheus.yml, which passes promtool check config", () => {
      const r = promtool(DIR, "check", "config", join(DIR, "prometheus.yml"));
      expect(r.out).toContain("SUCCESS: 1 rule files found");
      expect(r.status).toBe(0);
    });

    it("passes its unit tests (promtool test rules alerts.test.yml)", () => {
      const r = promtool(DIR, "test", "rules", TESTS);
      expect(r.out).toContain("SUCCESS");
      expect(r.status).toBe(0);
    });

    it("fails promtool test rules when an alert stops firing (the tests can fail)", () => {
      // The same tests against rules whose failing-feed threshold is one poll higher.
      const text = readFileSync(RULES, "utf8");
      const broken = text.replace("consecutive_failures >= 3", "consecutive_failures >= 4");
      expect(broken).not.toBe(text);
      const dir = mkdtempSync(join(tmpdir(), "feedwright-alerts-"));
      try {
        writeFileSync(join(dir, "alerts.yml"), broken);
        // Only the failing-feed test, so promtool need not evaluate a day of the others.
        const doc = parse(readFileSync(TESTS, "utf8")) as { tests: { name: string }[] };
        doc.tests = doc.tests.filter((t) => t.name.startsWith("a feed failing"));
        expect(doc.tests).toHaveLength(1);
        writeFileSync(join(dir, "alerts.test.yml"), stringify(doc));
        const r = promtool(dir, "test", "rules", "alerts.test.yml");
        expect(r.out).toContain("FeedwrightFeedFailing");
        expect(r.status).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
