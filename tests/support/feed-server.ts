/**
 * A real HTTP server on 127.0.0.1:0 whose routes are msw handlers.
 * msw cannot intercept the undici package, so tests talk to this over a real socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";

/** A request the server received, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Handles a request at the socket level (slow bodies, resets); return true when handled. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** A running feed server. */
export interface FeedServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replace the msw handlers (e.g. between two fetch runs). */
  use(...handlers: RequestHandler[]): void;
  /** Add a raw handler that runs before the msw handlers. */
  useRaw(handler: RawHandler): void;
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1:0 serving the given msw handlers. */
export async function startFeedServer(
  handlers: RequestHandler[] = [],
  opts: { host?: string } = {},
): Promise<FeedServer> {
  let current = handlers;
  const raws: RawHandler[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = String(v);
    requests.push({
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers,
      body: body.toString("utf8"),
    });
    try {
      for (const raw of raws) if (await raw(req, res)) return;
      const url = `http://${req.headers.host}${req.url}`;
      const init: RequestInit = { method: req.method, headers };
      if (body.length > 0 && req.method !== "GET" && req.method !== "HEAD") init.body = body;
      const response = await getResponse(current, new Request(url, init));
      if (!response) {
        res.writeHead(404, { "content-type": "text/plain" }).end("no handler");
        return;
      }
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => {
        out[k] = k === "set-cookie" ? response.headers.getSetCookie() : v;
      });
      res.writeHead(response.status, response.statusText, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    use: (...h) => {
      current = h;
    },
    useRaw: (h) => {
      raws.push(h);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
