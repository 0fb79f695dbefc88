import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, FetchError } from "../../src/reader/http/fetch.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const TIMEOUT = 300;
let server: FeedServer;
const open = new Set<ServerResponse>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = await startFeedServer();
  server.useRaw((req, res) => {
    const path = req.url ?? "";
    if (path === "/silent") {
      open.add(res); // accepts the connection and never answers
      return true;
    }
    if (path === "/trickle") {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      // One byte every 20 ms: no single gap trips an idle timeout, only the whole-request limit can.
      const t = setInterval(() => res.write("<"), 20);
      timers.add(t);
      res.on("close", () => clearInterval(t));
      return true;
    }
    if (path === "/liar") {
      res.writeHead(200, { "content-length": "100000" });
      res.write("<rss>");
      res.socket?.end();
      return true;
    }
    if (path === "/cut") {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss><channel><title>half");
      setImmediate(() => res.socket?.destroy());
      return true;
    }
    if (path === "/garbage") {
      res.socket?.end("SSH-2.0-OpenSSH_9.6\r\n");
      return true;
    }
    return false;
  });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const r of open) r.destroy();
  await server.close();
});

async function fail(path: string): Promise<FetchError> {
  const f = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: TIMEOUT, retries: 0 });
  try {
    await f.fetch({ url: `${server.url}${path}`, timeoutMs: TIMEOUT, userAgent: "t" });
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  } finally {
    void f.close();
  }
  throw new Error("expected a failure");
}

describe("hostile servers end as one clear error within the timeout", () => {
  it("a server that never answers", async () => {
    const err = await fail("/silent");
    expect(err.code).toBe("FETCH_TIMEOUT");
    expect(err.message).toMatch(/^(no response within 300 ms|timed out after 300 ms)$/);
  });

  it("a body sent byte by byte", async () => {
    const err = await fail("/trickle");
    expect(err).toMatchObject({ code: "FETCH_TIMEOUT", message: "timed out after 300 ms" });
  });

  it("a Content-Length that lies", async () => {
    const err = await fail("/liar");
    expect(err.code).toBe("FETCH_NETWORK");
    expect(err.message).toMatch(/^network error: (connection closed|body shorter)/);
  });

  it("a connection closed mid-body", async () => {
    const err = await fail("/cut");
    expect(err.code).toBe("FETCH_NETWORK");
    expect(err.message).toMatch(/^network error: connection closed/);
  });

  it("something that is not HTTP", async () => {
    const err = await fail("/garbage");
    expect(err.code).toBe("FETCH_NETWORK");
    expect(err.message).toMatch(/^network error: /);
  });

  it("a refused connection", async () => {
    const f = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: TIMEOUT, retries: 0 });
    const closed = await startFeedServer();
    const url = `${closed.url}/feed`;
    await closed.close();
    const err = await f.fetch({ url, timeoutMs: TIMEOUT, userAgent: "t" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FETCH_NETWORK", message: "network error: connection refused" });
    await f.close();
  });
});
