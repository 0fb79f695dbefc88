/**
 * A real HTTP server on 127.0.0.1:0 serving article pages by path, that also answers as an HTTP proxy
 * (absolute-form request lines), so a test can give pages public-looking host names.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the server received. */
export interface SeenRequest {
  host: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Answers one path; may write anything, or never answer. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A running article server. */
export interface ArticleServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Requests whose path starts with `prefix`. */
  hits(prefix: string): SeenRequest[];
  route(path: string, r: Route): void;
  close(): Promise<void>;
}

/** An HTML answer with optional headers (an ETag makes later requests conditional). */
export const html =
  (body: string | Buffer, headers: Record<string, string> = {}): Route =>
  (req, res) => {
    const etag = headers.etag;
    if (etag && req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers }).end(body);
  };

/** Start the server with its routes (path → route). */
export async function startArticleServer(routes: Record<string, Route> = {}): Promise<ArticleServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    requests.push({ host: u.host, path: u.pathname, headers: req.headers });
    const r = table.get(u.pathname);
    if (r) r(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    hits: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    route: (path, r) => table.set(path, r),
    close: () =>
      new Promise<void>((resolve) => {
        // Routes that never answer hold their sockets open: close them too.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
