import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, type FetcherOptions } from "../../src/reader/http/fetch.ts";
import { backoffMs, parseRetryAfter } from "../../src/reader/http/retry.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { failure } from "../support/fetch-failure.ts";

const FEED = '<rss version="2.0"><channel><title>T</title></channel></rss>';
const NOW = Date.parse("2026-01-15T10:00:00Z");

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** A fetcher on a fake clock: sleeping advances the clock instead of waiting. */
function fetcher(extra: Partial<FetcherOptions> = {}) {
  let clock = NOW;
  const sleeps: number[] = [];
  const f = createFetcher({
    maxBytes: 1 << 20,
    connectTimeoutMs: 1000,
    retries: 2,
    retryAfterMaxMs: 60_000,
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...extra,
  });
  return { f, sleeps };
}

const get = (f: ReturnType<typeof fetcher>["f"], path: string) =>
  f.fetch({ url: `${server.url}${path}`, timeoutMs: 2000, userAgent: "t" });

/** Answers the given statuses in turn, then 200. */
function sequence(path: string, ...responses: (() => Response)[]) {
  let n = 0;
  server.use(http.get(`*${path}`, () => responses[n++]?.() ?? new HttpResponse(FEED)));
}

describe("retries", () => {
  for (const status of [429, 500, 502, 503, 504]) {
    it(`retries HTTP ${status} with exponential backoff`, async () => {
      sequence(
        "/flaky",
        () => new HttpResponse("busy", { status }),
        () => new HttpResponse("busy", { status }),
      );
      const { f, sleeps } = fetcher();
      const res = await get(f, "/flaky");
      expect(res).toMatchObject({ status: 200, attempts: 3 });
      expect(sleeps).toEqual([backoffMs(1, () => 0.5), backoffMs(2, () => 0.5)]);
      expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
      await f.close();
    });
  }

  for (const status of [400, 401, 403, 404, 410]) {
    it(`does not retry HTTP ${status}`, async () => {
      sequence("/perm", () => new HttpResponse("no", { status }));
      const { f, sleeps } = fetcher();
      const err = await failure(get(f, "/perm"));
      expect(err.status).toBe(status);
      expect(err.code).toBe(status === 410 ? "FETCH_GONE" : "FETCH_HTTP");
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      await f.close();
    });
  }

  it("gives up after `retries` and reports the last failure", async () => {
    server.use(http.get("*/down", () => new HttpResponse("x", { status: 502 })));
    const { f } = fetcher({ retries: 1 });
    const err = await failure(get(f, "/down"));
    expect(err.message).toBe("HTTP 502 Bad Gateway");
    expect(server.requests).toHaveLength(2);
    await f.close();
  });

  it("retries a connection reset", async () => {
    let resets = 0;
    server.useRaw((req, res) => {
      if (req.url !== "/reset" || resets++ > 0) return false;
      res.socket?.resetAndDestroy();
      return true;
    });
    server.use(http.get("*/reset", () => new HttpResponse(FEED)));
    const { f } = fetcher();
    expect(await get(f, "/reset")).toMatchObject({ status: 200, attempts: 2 });
    await f.close();
  });

  it("spreads backoff with jitter between half and all of the exponential step", () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(2000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
  });
});

describe("Retry-After", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter("Thu, 15 Jan 2026 10:01:30 GMT", NOW)).toBe(90_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it("waits as long as the server asks (seconds) before retrying", async () => {
    sequence("/ra", () => new HttpResponse("slow down", { status: 429, headers: { "retry-after": "7" } }));
    const { f, sleeps } = fetcher();
    expect((await get(f, "/ra")).status).toBe(200);
    expect(sleeps).toEqual([7000]);
    await f.close();
  });

  it("waits until an HTTP date", async () => {
    sequence(
      "/rd",
      () =>
        new HttpResponse("", { status: 503, headers: { "retry-after": "Thu, 15 Jan 2026 10:00:12 GMT" } }),
    );
    const { f, sleeps } = fetcher();
    expect((await get(f, "/rd")).status).toBe(200);
    expect(sleeps).toEqual([12_000]);
    await f.close();
  });

  it("does not block the run for a wait beyond the cap: the failure carries the next allowed time", async () => {
    sequence("/long", () => new HttpResponse("", { status: 429, headers: { "retry-after": "3600" } }));
    const { f, sleeps } = fetcher();
    const err = await failure(get(f, "/long"));
    expect(err).toMatchObject({ status: 429, retryAt: "2026-01-15T11:00:00.000Z" });
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
    await f.close();
  });

  it("applies to the whole host: other feeds there wait too instead of piling on", async () => {
    server.use(
      http.get("*/a", () => new HttpResponse("", { status: 429, headers: { "retry-after": "3600" } })),
      http.get("*/b", () => new HttpResponse(FEED)),
    );
    const { f } = fetcher();
    await failure(get(f, "/a"));
    const err = await failure(get(f, "/b"));
    expect(err).toMatchObject({ deferred: true, retryAt: "2026-01-15T11:00:00.000Z" });
    expect(server.requests.map((r) => r.path)).toEqual(["/a"]);
    await f.close();
  });
});
