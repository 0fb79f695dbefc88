import { afterEach, describe, expect, it } from "vitest";
import { createRobotsCheck } from "../../src/reader/article/robots.ts";
import { createFetcher } from "../../src/reader/http/fetch.ts";
import { type ArticleServer, startArticleServer } from "../support/article-server.ts";

let server: ArticleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fetcher = () => createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: 2000, retries: 0 });
const UA = "feedwright/1.0 (+https://example.com)";

describe("robots.txt for article pages", () => {
  it("applies the group for feedwright's product token, asking robots.txt once per origin", async () => {
    server = await startArticleServer({
      "/robots.txt": (_req, res) =>
        res
          .writeHead(200, { "content-type": "text/plain" })
          .end("User-agent: *\nDisallow: /\n\nUser-agent: feedwright\nDisallow: /members/\nAllow: /\n"),
    });
    const f = fetcher();
    const robots = createRobotsCheck({ fetcher: f, userAgent: UA, timeoutMs: 2000 });
    expect(await robots.check(`${server.url}/news/a`)).toBeNull();
    expect(await robots.check(`${server.url}/members/b`)).toMatchObject({
      kind: "failed",
      cause: "disallowed by robots.txt",
      transient: false,
      detail: `${server.url}/robots.txt line 5 disallows /members/b`,
    });
    // Another user agent falls into the "*" group.
    const other = createRobotsCheck({ fetcher: f, userAgent: "otherbot/2", timeoutMs: 2000 });
    expect(await other.check(`${server.url}/news/a`)).toMatchObject({ cause: "disallowed by robots.txt" });
    expect(server.hits("/robots.txt")).toHaveLength(2); // one per check object (one per run)
    await f.close();
  });

  it("allows everything without a robots.txt (4xx) and nothing when the server fails (5xx)", async () => {
    server = await startArticleServer();
    const f = fetcher();
    expect(
      await createRobotsCheck({ fetcher: f, userAgent: UA, timeoutMs: 2000 }).check(`${server.url}/a`),
    ).toBeNull();
    server.route("/robots.txt", (_req, res) => res.writeHead(503).end());
    const verdict = await createRobotsCheck({ fetcher: f, userAgent: UA, timeoutMs: 2000 }).check(
      `${server.url}/a`,
    );
    expect(verdict).toMatchObject({ cause: "503", transient: true });
    expect(verdict!.detail).toBe(`robots.txt of ${server.url}: HTTP 503 Service Unavailable`);
    expect(server.hits("/a")).toHaveLength(0);
    await f.close();
  });

  it("a robots.txt that never answers costs one timeout, retries included, and keeps the host's pages unasked", async () => {
    server = await startArticleServer({ "/robots.txt": () => {} });
    const f = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: 2000, retries: 2 });
    const robots = createRobotsCheck({ fetcher: f, userAgent: UA, timeoutMs: 500 });
    expect(await robots.check(`${server.url}/a`)).toMatchObject({ cause: "timeout", transient: true });
    expect(await robots.check(`${server.url}/b`)).toMatchObject({ cause: "timeout" });
    expect(server.hits("/robots.txt")).toHaveLength(1);
    await f.close();
  });
});
