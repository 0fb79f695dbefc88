/** The daemon collects its start-up garbage when the process exposes gc (the Docker image runs with --expose-gc). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { collectGarbage } from "../../src/daemon/collect-garbage.ts";
import { runDaemon } from "../../src/daemon.ts";
import { FakeClock } from "./fake-clock.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

const LAST_RESORT = { type: "major", execution: "sync", flavor: "last-resort" };

describe("collectGarbage", () => {
  it("runs V8's memory-reducing collection when gc is exposed, and nothing otherwise", () => {
    const gc = vi.fn();
    vi.stubGlobal("gc", gc);
    collectGarbage();
    expect(gc).toHaveBeenCalledWith(LAST_RESORT);
    vi.stubGlobal("gc", undefined);
    expect(() => collectGarbage()).not.toThrow();
  });

  it("is called once the daemon has started, before it says it is listening", async () => {
    const calls: string[] = [];
    vi.stubGlobal("gc", (o: unknown) => calls.push(`gc ${JSON.stringify(o)}`));
    const dir = mkdtempSync(join(tmpdir(), "feedwright-gc-"));
    const path = join(dir, "feeds.yaml");
    // Port 9 (discard): the one poll fails at once; this test is about start-up.
    const yaml = 'store: state.db\nfeeds:\n  - { id: a, url: "http://127.0.0.1:9/a.xml" }\n';
    writeFileSync(path, yaml);
    const abort = new AbortController();
    const done = runDaemon({
      configPath: path,
      config: parseConfig(yaml, path),
      listen: { host: "127.0.0.1", port: 0 },
      log: pino({ level: "silent" }),
      env: {},
      signal: abort.signal,
      clock: new FakeClock("2026-03-05T08:00:00Z"),
      random: () => 0,
      onListening: () => calls.push("listening"),
    });
    await vi.waitFor(() => expect(calls).toContain("listening"));
    expect(calls).toEqual([`gc ${JSON.stringify(LAST_RESORT)}`, "listening"]);
    abort.abort();
    expect(await done).toBe(0);
  });
});
