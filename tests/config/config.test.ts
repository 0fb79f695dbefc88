import { describe, expect, it } from "vitest";
import { deriveFeedId, parseConfig, pickDigest } from "../../src/config.ts";
import { isAppError } from "../../src/errors.ts";

const problems = (text: string, env: NodeJS.ProcessEnv = {}): string[] => {
  try {
    parseConfig(text, "feeds.yaml", env);
  } catch (err) {
    if (isAppError(err, "CONFIG")) return err.details.length ? err.details : [err.message];
    throw err;
  }
  return [];
};

const MINIMAL = "feeds:\n  - url: https://kubernetes.io/feed.xml\n";

describe("config", () => {
  it("applies defaults and resolves paths against the config folder", () => {
    const c = parseConfig(`${MINIMAL}digests:\n  - id: weekly\n    title: Weekly\n`, "/srv/fw/feeds.yaml");
    expect(c.store).toBe("/srv/fw/.feedwright/state.db");
    expect(c.timezone).toBe("UTC");
    expect(c.fetch).toMatchObject({
      timeout: 20_000,
      maxBytes: 10 * 1024 * 1024,
      retries: 2,
      concurrency: 16,
      perHost: 2,
    });
    expect(c.feeds[0]!.id).toBe("kubernetes-io");
    expect(c.digests[0]).toMatchObject({
      output: "/srv/fw/drafts/{date}-weekly.md",
      windowDays: 7,
      maxItems: 20,
      template: null,
    });
    expect(Object.isFrozen(c.feeds[0])).toBe(true);
  });

  it("parses durations and sizes", () => {
    const c = parseConfig(`fetch: { timeout: 500ms, maxBytes: 512KB }\n${MINIMAL}`, "feeds.yaml");
    expect(c.fetch.timeout).toBe(500);
    expect(c.fetch.maxBytes).toBe(512 * 1024);
  });

  it("reports every problem at once, one line each, naming the key path", () => {
    const lines = problems(
      [
        "timezone: Mars/Olympus",
        "fetch: { timeout: soon }",
        "feeds:",
        "  - url: example.com/rss",
        "  - id: dup",
        "    url: https://a.example/feed",
        "  - id: dup",
        "    url: https://b.example/feed",
        "    tilte: B",
        "digests:",
        "  - id: d",
        "    title: D",
        "    window: 36h",
      ].join("\n"),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'feeds.yaml: feeds[0].url: must be an absolute http(s) URL (got "example.com/rss")',
        'feeds.yaml: fetch.timeout: must be a duration such as 500ms, 20s, 5m, 1h or 7d (got "soon")',
        'feeds.yaml: feeds[2].tilte: unknown key; did you mean "title"?',
        'feeds.yaml: digests[0].window: must be a whole number of days such as 7d (got "36h")',
        'feeds.yaml: timezone: must be an IANA time zone such as Asia/Shanghai or UTC (got "Mars/Olympus")',
        'feeds.yaml: feeds[2].id: duplicate id "dup" (also feeds[1])',
      ]),
    );
    expect(lines).toHaveLength(6);
  });

  it("reports YAML syntax errors with line and column", () => {
    expect(problems("feeds:\n  - url: [\n")[0]).toMatch(/^feeds\.yaml:3:1: invalid YAML: /);
  });

  it("says 'greater than' for limits that must be positive", () => {
    expect(problems(`fetch: { concurrency: 0, retries: 11 }\n${MINIMAL}`).sort()).toEqual([
      "feeds.yaml: fetch.concurrency: must be greater than 0 (got 0)",
      "feeds.yaml: fetch.retries: must be at most 10 (got 11)",
    ]);
  });

  it("rejects a bad cron schedule and a bad regex", () => {
    const lines = problems(
      `${MINIMAL}tags:\n  ai: ["/(unclosed/"]\ndigests:\n  - id: d\n    title: D\n    schedule: "99 * * * *"\n`,
    );
    expect(lines.some((l) => l.startsWith("feeds.yaml: digests[0].schedule: invalid cron expression"))).toBe(
      true,
    );
    expect(
      lines.some((l) => l.startsWith("feeds.yaml: tags.ai[0]: invalid regular expression /(unclosed/")),
    ).toBe(true);
  });

  it("requires the env var named by llm.apiKeyEnv", () => {
    const text = `${MINIMAL}llm: { baseUrl: "http://127.0.0.1:11434/v1", model: m, apiKeyEnv: MY_KEY }\n`;
    expect(problems(text)).toEqual(["feeds.yaml: llm.apiKeyEnv: environment variable MY_KEY is not set"]);
    expect(problems(text, { MY_KEY: "x" })).toEqual([]);
  });

  it("derives unique feed ids from URLs", () => {
    const taken = new Set<string>();
    const a = deriveFeedId("https://www.example.com/a.xml", taken);
    taken.add(a);
    const b = deriveFeedId("https://example.com/b/rss", taken);
    expect([a, b]).toEqual(["example-com", "example-com-b-rss"]);
  });

  it("picks the only digest, or requires --digest among several", () => {
    const one = parseConfig(`${MINIMAL}digests: [{ id: a, title: A }]\n`, "feeds.yaml");
    expect(pickDigest(one, undefined).id).toBe("a");
    const two = parseConfig(`${MINIMAL}digests: [{ id: a, title: A }, { id: b, title: B }]\n`, "feeds.yaml");
    expect(() => pickDigest(two, undefined)).toThrow(/--digest is required/);
    expect(() => pickDigest(two, "c")).toThrow('--digest: unknown digest "c" (configured: a, b)');
  });

  it("accepts the shipped feeds.yaml", async () => {
    const { loadConfig } = await import("../../src/config.ts");
    const c = loadConfig(new URL("../../feeds.yaml", import.meta.url).pathname);
    expect(c.feeds.map((f) => f.id)).toEqual([
      "kubernetes-blog",
      "computerweekly",
      "portainer-blog",
      "springer-kubernetes",
    ]);
    expect(c.digests.map((d) => d.id)).toEqual(["cloud-native-weekly"]);
  });
});
