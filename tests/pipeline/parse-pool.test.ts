import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.ts";
import { createParsePool, type ParseJob } from "../../src/pipeline/parse-pool.ts";
import { parseAndNormalize } from "../../src/pipeline/parse-worker.ts";
import { CRASH_MARK } from "../support/crash-hook.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const NOW = Date.parse("2026-01-15T10:00:00Z");
const files = ["feeds", "parse"].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).map((name) => join(FIXTURES, dir, name)),
);
const jobFor = (bytes: Uint8Array, contentType: string | null = null): ParseJob => ({
  bytes,
  baseUrl: "https://example.com/feeds/feed.xml",
  contentType,
  feedId: "f",
  now: NOW,
  trackingParams: ["ref"],
});
const rss = (title: string, extra = "") =>
  `<?xml version="1.0"?>${extra}<rss version="2.0"><channel><title>T</title><item><guid>${title}</guid><title>${title}</title><link>/${title}</link></item></channel></rss>`;

/** What parsing in this thread gives: the entries, or the error's class, code and message. */
function inThread(job: ParseJob): unknown {
  try {
    return parseAndNormalize(job);
  } catch (err) {
    return { error: err instanceof AppError, code: (err as AppError).code, message: (err as Error).message };
  }
}

async function inPool(pool: ReturnType<typeof createParsePool>, job: ParseJob): Promise<unknown> {
  try {
    return await pool.parse(job);
  } catch (err) {
    return { error: err instanceof AppError, code: (err as AppError).code, message: (err as Error).message };
  }
}

const pool = createParsePool({ size: 2 });
afterAll(() => pool.close());

describe("parse pool", () => {
  it("gives the same entries and errors as parsing in-thread, for every fixture", async () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const contentType of [null, "application/rss+xml; charset=utf-8"]) {
      // All at once: more jobs than workers, so some wait in the queue.
      const results = await Promise.all(files.map((f) => inPool(pool, jobFor(readFileSync(f), contentType))));
      files.forEach((f, i) => {
        expect(results[i], f).toEqual(inThread(jobFor(readFileSync(f), contentType)));
      });
    }
    const page = await inPool(pool, jobFor(readFileSync(join(FIXTURES, "parse/page.html"))));
    expect(page).toEqual({
      error: true,
      code: "NOT_A_FEED",
      message: "not a feed: the document is an HTML page",
    });
    expect(await inPool(pool, jobFor(new Uint8Array()))).toEqual({
      error: true,
      code: "PARSE",
      message: "empty document (0 bytes)",
    });
  });

  it("parses small bodies that share Node's Buffer pool without disturbing their neighbours", async () => {
    const a = Buffer.from(rss("a"));
    const b = Buffer.from(rss("b"));
    expect(a.byteLength).toBeLessThan(a.buffer.byteLength);
    const [ea, eb] = await Promise.all([pool.parse(jobFor(a)), pool.parse(jobFor(b))]);
    expect(ea.map((e) => e.url)).toEqual(["https://example.com/a"]);
    expect(eb.map((e) => e.url)).toEqual(["https://example.com/b"]);
    // Copied, not handed over: the caller's bytes are still readable.
    expect(a.toString()).toBe(rss("a"));
  });

  it("fails only the document whose worker crashed; the others and later ones parse", async () => {
    const crashy = createParsePool({
      size: 2,
      workerUrl: new URL("../support/crash-parse-worker.ts", import.meta.url),
    });
    try {
      const bodies = ["a", "b", "c", "d"].map((t) => Buffer.from(rss(t, t === "b" ? CRASH_MARK : "")));
      const settled = await Promise.allSettled(bodies.map((b) => crashy.parse(jobFor(b))));
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
      const err = (settled[1] as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe("PARSE");
      expect(err.message).toBe("the parser crashed on this document (worker exited with status 7)");
      const later = await crashy.parse(jobFor(Buffer.from(rss("e"))));
      expect(later.map((e) => e.title)).toEqual(["e"]);
    } finally {
      await crashy.close();
    }
  });

  it("never keeps the process alive: a script that forgets close() still exits", () => {
    const script = `
      import { createParsePool } from ${JSON.stringify(join(import.meta.dirname, "../../src/pipeline/parse-pool.ts"))};
      const pool = createParsePool({ size: 2 });
      const job = (t) => ({ bytes: new TextEncoder().encode(${JSON.stringify(rss("x"))}), baseUrl: "https://example.com/", contentType: null, feedId: t, now: ${NOW} });
      const got = await Promise.all([pool.parse(job("a")), pool.parse(job("b"))]);
      console.log(got.map((e) => e.length).join(","));
    `;
    // A file, not --eval: workers inherit the parent's flags, and --input-type is for --eval only.
    const file = join(mkdtempSync(join(tmpdir(), "feedwright-pool-")), "forgets-close.mjs");
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, [file], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("1,1\n");
    expect(child.status).toBe(0);
  });

  it("starts workers ahead of the bodies it is told to expect, never more than its size", async () => {
    const warmed = createParsePool({ size: 3 });
    try {
      expect(warmed.workers()).toBe(0);
      warmed.warm(0);
      expect(warmed.workers()).toBe(0);
      warmed.warm(2);
      expect(warmed.workers()).toBe(2);
      // The jobs go to the started workers: none is started for them.
      const two = await Promise.all([rss("a"), rss("b")].map((x) => warmed.parse(jobFor(Buffer.from(x)))));
      expect(two.map((entries) => entries.length)).toEqual([1, 1]);
      expect(warmed.workers()).toBe(2);
      warmed.warm(50);
      expect(warmed.workers()).toBe(3);
    } finally {
      await warmed.close();
    }
    expect(warmed.workers()).toBe(0);
    warmed.warm(5); // after close(): nothing starts
    expect(warmed.workers()).toBe(0);
  });

  it("refuses work after close()", async () => {
    const closed = createParsePool();
    await closed.close();
    await expect(closed.parse(jobFor(Buffer.from(rss("a"))))).rejects.toThrow(
      "parse pool used after close()",
    );
  });
});
