import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../support/cli.ts";

const GOOD = `feeds:
  - id: k8s
    url: http://127.0.0.1:9/feed.xml
digests:
  - id: weekly
    title: Weekly
`;

/** Runs the CLI and asserts exit 2, the exact first stderr line, and that no state or draft appeared. */
async function expectBadInput(args: string[], text: string | null, line: string) {
  const { dir, config } = tempConfig(text ?? GOOD);
  const r = await runCli(
    args.map((a) => a.replace("$CONFIG", config)),
    { cwd: dir },
  );
  expect(r.code).toBe(2);
  expect(r.stderr.split("\n")[0]!.replace(config, "$CONFIG")).toBe(line);
  expect(r.stdout).toBe("");
  expect(existsSync(join(dir, ".feedwright"))).toBe(false);
  expect(existsSync(join(dir, "drafts"))).toBe(false);
}

describe("bad input: one clear line, exit 2, nothing changed", () => {
  it("missing config", async () => {
    const r = await runCli(["validate", "--config", "/nonexistent/feeds.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "/nonexistent/feeds.yaml: cannot read config: no such file\nhint: pass --config PATH or set FEEDWRIGHT_CONFIG\n",
    );
  });

  it("global options may come before the command", async () => {
    const { config } = tempConfig(GOOD);
    const r = await runCli(["--config", config, "--log-level", "warn", "validate"]);
    expect(r).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("FEEDWRIGHT_CONFIG names the config", async () => {
    const { config } = tempConfig(GOOD);
    const r = await runCli(["validate"], { env: { FEEDWRIGHT_CONFIG: config } });
    expect(r).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("invalid YAML, with line and column", () =>
    expectBadInput(
      ["run", "--config", "$CONFIG"],
      "feeds:\n  - url: [\n",
      "$CONFIG:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ));

  it("unknown key", () =>
    expectBadInput(
      ["run", "--config", "$CONFIG"],
      `${GOOD}    maxItem: 3\n`,
      '$CONFIG: digests[0].maxItem: unknown key; did you mean "maxItems"?',
    ));

  it("bad URL", () =>
    expectBadInput(
      ["fetch", "--config", "$CONFIG"],
      "feeds:\n  - url: example.com/rss\n",
      '$CONFIG: feeds[0].url: must be an absolute http(s) URL (got "example.com/rss")',
    ));

  it("bad duration", () =>
    expectBadInput(
      ["fetch", "--config", "$CONFIG"],
      `fetch:\n  timeout: 20 seconds\n${GOOD}`,
      '$CONFIG: fetch.timeout: must be a duration such as 500ms, 20s, 5m, 1h or 7d (got "20 seconds")',
    ));

  it("duplicate feed id", () =>
    expectBadInput(
      ["validate", "--config", "$CONFIG"],
      "feeds:\n  - { id: a, url: https://a.example/x }\n  - { id: a, url: https://b.example/x }\n",
      '$CONFIG: feeds[1].id: duplicate id "a" (also feeds[0])',
    ));

  it("unknown digest id", () =>
    expectBadInput(
      ["draft", "--config", "$CONFIG", "--digest", "monthly"],
      null,
      '--digest: unknown digest "monthly" (configured: weekly)',
    ));

  it("bad --date", () =>
    expectBadInput(
      ["draft", "--config", "$CONFIG", "--date", "2026-13-45"],
      null,
      '--date: must be a real date YYYY-MM-DD (got "2026-13-45")',
    ));

  it("a --date whose window leaves four-digit years, before anything is fetched", () =>
    expectBadInput(
      ["run", "--config", "$CONFIG", "--date", "9999-12-31"],
      null,
      '--date: must be a date from 1900-01-01 to 9998-12-31 (got "9999-12-31")',
    ));

  it("entries --until far in the future", () =>
    expectBadInput(
      ["entries", "--config", "$CONFIG", "--until", "9999-12-31"],
      null,
      '--until: must be a date from 1900-01-01 to 9998-12-31 (got "9999-12-31")',
    ));

  it("a YAML alias bomb", () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(", ")}]`,
      );
    }
    return expectBadInput(
      ["run", "--config", "$CONFIG"],
      `${laughs.join("\n")}\n${GOOD}`,
      "$CONFIG: invalid YAML: its aliases expand to over 2,000,000 values (an alias bomb?)",
    );
  });

  it("one anchor used by many feeds is fine", async () => {
    const feeds = Array.from(
      { length: 300 },
      (_, i) =>
        `  - { id: f${i}, url: "http://127.0.0.1:9/${i}", headers: ${i === 0 ? "&h { X-Team: news }" : "*h"} }`,
    ).join("\n");
    const { config } = tempConfig(`feeds:\n${feeds}\n`);
    const r = await runCli(["validate", "--config", config]);
    expect(r).toMatchObject({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("a config over 10 MB", () =>
    expectBadInput(
      ["run", "--config", "$CONFIG"],
      `${GOOD}#${"x".repeat(11 * 1024 * 1024)}\n`,
      "$CONFIG: the config is too large (11.0 MB; at most 10 MB)",
    ));

  it("unknown flag", () =>
    expectBadInput(["draft", "--config", "$CONFIG", "--dryrun"], null, "draft: Unknown option '--dryrun'"));

  it("unknown command", async () => {
    const r = await runCli(["publsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^unknown command "publsh" \(expected one of: run, .*publish.*\)\n/);
  });

  it("a template error stops run before anything is fetched or written", async () => {
    const { dir, config } = tempConfig(`${GOOD}    template: bad.hbs\n`);
    writeFileSync(join(dir, "bad.hbs"), "# {{title}}\n\n{{#each items}}\n### {{md title}}\n{{/if}}\n");
    mkdirSync(join(dir, "drafts"));
    const r = await runCli(["run", "--config", config], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(`${join(dir, "bad.hbs")}:3:4: each doesn't match if`);
    expect(existsSync(join(dir, ".feedwright"))).toBe(false);
  });
});
