import { afterEach, describe, expect, it } from "vitest";
import { fetchPage } from "../../src/reader/article/fetch-page.ts";
import { createFetcher } from "../../src/reader/http/fetch.ts";
import { type ArticleServer, html, startArticleServer } from "../support/article-server.ts";

let server: ArticleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const req = (url: string, timeoutMs = 2000) => ({
  url,
  feedUrl: url,
  userAgent: "feedwright/1.0",
  timeoutMs,
});

describe("fetching an article page", () => {
  it("gives up when the page's timeout is spent, retries included", async () => {
    server = await startArticleServer({
      "/slow-503": (_req, res) => {
        setTimeout(() => res.writeHead(503).end(), 700);
      },
    });
    const fetcher = createFetcher({
      maxBytes: 1 << 20,
      connectTimeoutMs: 2000,
      retries: 2,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          // Retry backoff stays real but short, so the whole-page deadline is what ends the fetch.
          const t = setTimeout(resolve, Math.min(ms, 50));
          signal?.addEventListener("abort", () => {
            clearTimeout(t);
            reject(signal.reason);
          });
        }),
    });
    const r = await fetchPage(fetcher, req(`${server.url}/slow-503`, 1000));
    expect(r).toMatchObject({ kind: "failed", cause: "timeout", transient: true });
    // Without the deadline the retrier would have made 3 attempts and reported "503".
    expect(server.hits("/slow-503").length).toBeLessThan(3);
    await fetcher.close();
  });

  it("refuses a body that is not a web page, and decodes one by its <meta> charset", async () => {
    server = await startArticleServer({
      "/paper.pdf": (_req, res) => res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7"),
      "/latin": html(Buffer.from('<meta charset="iso-8859-1"><p>Caf\xe9 cr\xe8me</p>', "latin1"), {
        "content-type": "text/html",
      }),
    });
    const fetcher = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: 2000, retries: 0 });
    expect(await fetchPage(fetcher, req(`${server.url}/paper.pdf`))).toEqual({
      kind: "failed",
      cause: "not HTML",
      detail: "the page is application/pdf",
      transient: false,
    });
    const page = await fetchPage(fetcher, req(`${server.url}/latin`));
    expect(page).toMatchObject({ kind: "page" });
    expect((page as { html: string }).html).toContain("Café crème");
    expect(server.hits("/latin")[0]!.headers.accept).toMatch(/^text\/html/);
    await fetcher.close();
  });
});
