import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, type FetcherOptions } from "../../src/reader/http/fetch.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { failure } from "../support/fetch-failure.ts";

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';
const UA = "feedwright/test (+https://example.invalid)";

let server: FeedServer;
let other: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  other = await startFeedServer([], { host: "127.0.0.2" });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
});

function fetcher(extra: Partial<FetcherOptions> = {}) {
  const sleeps: number[] = [];
  const f = createFetcher({
    maxBytes: 64 * 1024,
    connectTimeoutMs: 1000,
    retries: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { f, sleeps };
}

const get = (f: ReturnType<typeof fetcher>["f"], url: string, more: Record<string, unknown> = {}) =>
  f.fetch({ url, timeoutMs: 2000, userAgent: UA, ...more });

describe("conditional GET", () => {
  for (const [kind, etag] of [
    ["strong", '"abc-123"'],
    ["weak", 'W/"5e-1f2a"'],
  ] as const) {
    it(`sends a ${kind} ETag back byte for byte and reads 304 as not modified`, async () => {
      server.use(
        http.get("*/feed", ({ request }) =>
          request.headers.get("if-none-match") === etag
            ? new HttpResponse(null, { status: 304, headers: { etag } })
            : new HttpResponse(FEED, { headers: { etag } }),
        ),
      );
      const { f } = fetcher();
      const first = await get(f, `${server.url}/feed`);
      expect(first).toMatchObject({ status: 200, notModified: false, etag });
      const second = await get(f, `${server.url}/feed`, { etag: first.etag });
      expect(second).toMatchObject({ status: 304, notModified: true, etag, bytes: 0 });
      expect(server.requests[1]!.headers["if-none-match"]).toBe(etag);
      await f.close();
    });
  }

  it("sends Last-Modified back as If-Modified-Since", async () => {
    const lm = "Wed, 14 Jan 2026 08:00:00 GMT";
    server.use(
      http.get("*/feed", ({ request }) =>
        request.headers.get("if-modified-since") === lm
          ? new HttpResponse(null, { status: 304 })
          : new HttpResponse(FEED, { headers: { "last-modified": lm } }),
      ),
    );
    const { f } = fetcher();
    const first = await get(f, `${server.url}/feed`);
    expect(first.lastModified).toBe(lm);
    expect((await get(f, `${server.url}/feed`, { lastModified: lm })).notModified).toBe(true);
    await f.close();
  });

  it("names feedwright in the User-Agent and sends per-feed headers", async () => {
    server.use(http.get("*/feed", () => new HttpResponse(FEED)));
    const { f } = fetcher();
    await get(f, `${server.url}/feed`, { headers: { authorization: "Bearer s3cret" } });
    expect(server.requests[0]!.headers["user-agent"]).toBe(UA);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer s3cret");
    expect(server.requests[0]!.headers["accept-encoding"]).toBe("gzip, deflate, br");
    await f.close();
  });
});

describe("transfer", () => {
  const encodings = {
    gzip: gzipSync,
    deflate: deflateSync,
    "deflate (raw)": deflateRawSync,
    br: brotliCompressSync,
  } as const;
  for (const [name, compress] of Object.entries(encodings)) {
    it(`decodes ${name}`, async () => {
      const packed = compress(Buffer.from(FEED));
      server.use(
        http.get(
          "*/feed",
          () => new HttpResponse(packed, { headers: { "content-encoding": name.split(" ")[0]! } }),
        ),
      );
      const { f } = fetcher();
      const res = await get(f, `${server.url}/feed`);
      expect(Buffer.from(res.body).toString()).toBe(FEED);
      expect(res.bytes).toBe(packed.length);
      await f.close();
    });
  }

  it("stops a decompression bomb at fetch.maxBytes", async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    server.use(http.get("*/feed", () => new HttpResponse(bomb, { headers: { "content-encoding": "gzip" } })));
    const { f } = fetcher();
    const err = await failure(get(f, `${server.url}/feed`));
    expect(err.code).toBe("FETCH_TOO_LARGE");
    expect(err.message).toMatch(/decompressed body larger than fetch.maxBytes/);
    await f.close();
  });

  it("refuses a Content-Length above the cap without downloading it", async () => {
    server.use(
      http.get(
        "*/feed",
        () =>
          new HttpResponse(Buffer.alloc(200 * 1024), { headers: { "content-length": String(200 * 1024) } }),
      ),
    );
    const { f } = fetcher();
    const err = await failure(get(f, `${server.url}/feed`));
    expect(err.code).toBe("FETCH_TOO_LARGE");
    expect(err.message).toMatch(/Content-Length 204800 is larger than fetch.maxBytes/);
    await f.close();
  });

  it("cuts an endless streamed body off at the cap", async () => {
    let sent = 0;
    const closed = new Promise<void>((resolve) => {
      server.useRaw((req, res) => {
        if (!req.url?.startsWith("/endless")) return false;
        res.writeHead(200, { "content-type": "application/rss+xml" });
        const chunk = Buffer.alloc(16 * 1024, 0x61);
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) sent += chunk.length;
          if (!res.destroyed) res.once("drain", pump);
        };
        res.on("close", () => resolve());
        pump();
        return true;
      });
    });
    const { f } = fetcher();
    const err = await failure(get(f, `${server.url}/endless`));
    expect(err.code).toBe("FETCH_TOO_LARGE");
    await closed;
    // The server saw the connection go away after little more than the cap (plus socket buffers).
    expect(sent).toBeLessThan(80 * 1024 * 1024);
    await f.close();
  });
});

describe("redirects", () => {
  it("remembers a chain of permanent redirects (301 then 308)", async () => {
    server.use(
      http.get("*/old", () => new HttpResponse(null, { status: 301, headers: { location: "/mid" } })),
      http.get("*/mid", () => new HttpResponse(null, { status: 308, headers: { location: "/new" } })),
      http.get("*/new", () => new HttpResponse(FEED)),
    );
    const { f } = fetcher();
    const res = await get(f, `${server.url}/old`);
    expect(res).toMatchObject({ status: 200, url: `${server.url}/new`, permanentUrl: `${server.url}/new` });
    await f.close();
  });

  it("does not remember a temporary redirect (302/307), even after a permanent one", async () => {
    server.use(
      http.get("*/a", () => new HttpResponse(null, { status: 302, headers: { location: "/b" } })),
      http.get("*/p", () => new HttpResponse(null, { status: 301, headers: { location: "/t" } })),
      http.get("*/t", () => new HttpResponse(null, { status: 307, headers: { location: "/b" } })),
      http.get("*/b", () => new HttpResponse(FEED)),
    );
    const { f } = fetcher();
    expect((await get(f, `${server.url}/a`)).permanentUrl).toBeNull();
    expect((await get(f, `${server.url}/p`)).permanentUrl).toBe(`${server.url}/t`);
    await f.close();
  });

  it("reports a redirect loop and more than 5 hops", async () => {
    server.use(
      http.get("*/loop1", () => new HttpResponse(null, { status: 302, headers: { location: "/loop2" } })),
      http.get("*/loop2", () => new HttpResponse(null, { status: 302, headers: { location: "/loop1" } })),
      http.get("*/hop/:n", ({ params }) => {
        const n = Number(params.n);
        return new HttpResponse(null, { status: 302, headers: { location: `/hop/${n + 1}` } });
      }),
    );
    const { f } = fetcher();
    const loop = await failure(get(f, `${server.url}/loop1`));
    expect(loop).toMatchObject({ code: "FETCH_REDIRECT", message: `redirect loop at ${server.url}/loop1` });
    const long = await failure(get(f, `${server.url}/hop/0`));
    expect(long).toMatchObject({ code: "FETCH_REDIRECT", message: "more than 5 redirects" });
    expect(server.requests.filter((r) => r.path.startsWith("/hop/"))).toHaveLength(6);
    await f.close();
  });

  it("refuses a redirect to a non-http(s) location", async () => {
    server.use(
      http.get(
        "*/file",
        () => new HttpResponse(null, { status: 302, headers: { location: "file:///etc/passwd" } }),
      ),
    );
    const { f } = fetcher();
    const err = await failure(get(f, `${server.url}/file`));
    expect(err).toMatchObject({
      code: "FETCH_REDIRECT",
      message: 'redirect to a non-http(s) location "file:///etc/passwd"',
    });
    await f.close();
  });

  it("does not send a feed's credentials to another origin it redirects to", async () => {
    server.use(
      http.get(
        "*/private",
        () => new HttpResponse(null, { status: 302, headers: { location: `${other.url}/x` } }),
      ),
    );
    other.use(http.get("*/x", () => new HttpResponse(FEED)));
    const { f } = fetcher();
    await get(f, `${server.url}/private`, { headers: { authorization: "Bearer s3cret" } });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer s3cret");
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    await f.close();
  });
});
