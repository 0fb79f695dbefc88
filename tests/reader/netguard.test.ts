import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher } from "../../src/reader/http/fetch.ts";
import { guardedLookup, isPrivateAddress } from "../../src/reader/http/netguard.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const FEED = '<rss version="2.0"><channel><title>T</title></channel></rss>';
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([http.get("*/feed", () => new HttpResponse(FEED))]);
});
afterAll(() => server.close());

describe("fetch.blockPrivateNetworks", () => {
  it("knows loopback, private, link-local, metadata and unique-local addresses", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "172.32.0.1"]) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it("refuses a feed on a private address without connecting", async () => {
    const f = createFetcher({
      maxBytes: 1 << 20,
      connectTimeoutMs: 1000,
      retries: 2,
      blockPrivateNetworks: true,
    });
    const before = server.requests.length;
    const literal = await f
      .fetch({ url: `${server.url}/feed`, timeoutMs: 1000, userAgent: "t" })
      .catch((e) => e);
    expect(literal).toMatchObject({
      code: "FETCH_BLOCKED",
      message: "blocked by fetch.blockPrivateNetworks: 127.0.0.1 is a private or loopback address",
    });
    // A name goes through DNS at connect time, so a record pointing inside cannot slip through.
    const named = `http://localhost:${server.port}/feed`;
    const byName = await f.fetch({ url: named, timeoutMs: 1000, userAgent: "t" }).catch((e) => e);
    expect(byName).toMatchObject({ code: "FETCH_BLOCKED" });
    expect(byName.message).toMatch(
      /^blocked by fetch.blockPrivateNetworks: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/,
    );
    expect(server.requests.length).toBe(before);
    await f.close();
  });

  it("refuses names whose DNS answer is private (the lookup every connection goes through)", async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup("localhost", {}, (e) => resolve(e)),
    );
    expect(err?.code).toBe("EBLOCKED");
    expect(err?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/);
  });

  it("fetches private addresses when the option is off (the default)", async () => {
    const f = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: 1000, retries: 0 });
    expect((await f.fetch({ url: `${server.url}/feed`, timeoutMs: 1000, userAgent: "t" })).status).toBe(200);
    await f.close();
  });
});

describe("proxies", () => {
  let proxy: Server;
  let proxyUrl = "";
  const tunnels: string[] = [];
  beforeAll(async () => {
    // Plain-http targets are forwarded (absolute-form request line).
    proxy = createServer((req, res) => {
      tunnels.push(req.url ?? "");
      const up = request(req.url!, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.writeHead(502).end());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    proxy.closeAllConnections();
    return new Promise<void>((r) => proxy.close(() => r()));
  });

  it("goes through HTTP_PROXY, except for hosts in NO_PROXY", async () => {
    const via = createFetcher({
      maxBytes: 1 << 20,
      connectTimeoutMs: 1000,
      retries: 0,
      proxy: { httpProxy: proxyUrl },
    });
    expect((await via.fetch({ url: `${server.url}/feed`, timeoutMs: 2000, userAgent: "t" })).status).toBe(
      200,
    );
    expect(tunnels).toEqual([`${server.url}/feed`]);
    await via.close();
    const bypass = createFetcher({
      maxBytes: 1 << 20,
      connectTimeoutMs: 1000,
      retries: 0,
      proxy: { httpProxy: proxyUrl, noProxy: "127.0.0.1" },
    });
    expect((await bypass.fetch({ url: `${server.url}/feed`, timeoutMs: 2000, userAgent: "t" })).status).toBe(
      200,
    );
    expect(tunnels).toHaveLength(1);
    await bypass.close();
  });
});
