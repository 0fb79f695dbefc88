/** The daemon's HTTP endpoints: /healthz, /readyz, /metrics and /feeds (node:http, no framework). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "../errors.ts";

// Not `import … from "node:http"`: the ESM form reads every export, and its WebSocket getter loads Node's
// own copy of undici (about 7 MB resident) that the daemon never uses.
const { createServer } = process.getBuiltinModule("node:http");

/** A HOST:PORT to listen on. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** `HOST:PORT` (IPv6 as `[::1]:9464`) → address; AppError USAGE naming `where` otherwise. */
export function parseListen(value: string, where: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65_535) {
    throw new AppError(
      "USAGE",
      `${where}: must be HOST:PORT such as 127.0.0.1:9464 or 0.0.0.0:9464 (got ${JSON.stringify(value)})`,
    );
  }
  return { host: (m[1] ?? m[2])!, port };
}

/** What the endpoints report. */
export interface Endpoints {
  /** The scheduler is running. */
  healthy(): boolean;
  /** The store is open and the first poll round has started. */
  ready(): boolean;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** The feed health table. */
  feeds(): Promise<unknown>;
}

/** A listening server. */
export interface HttpServer {
  /** e.g. http://127.0.0.1:9464 (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

const json = (status: number, body: unknown) => ({
  status,
  type: "application/json; charset=utf-8",
  body: `${JSON.stringify(body, null, 2)}\n`,
});

/** Listen on `addr`; AppError USAGE when the address cannot be bound (in use, not local). */
export async function startHttp(
  addr: ListenAddress,
  endpoints: Endpoints,
  where: string,
): Promise<HttpServer> {
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    let out: { status: number; type: string; body: string };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        out = json(405, { error: "method not allowed" });
        res.setHeader("allow", "GET, HEAD");
      } else if (path === "/healthz") {
        out = endpoints.healthy() ? json(200, { status: "ok" }) : json(503, { status: "stopping" });
      } else if (path === "/readyz") {
        out = endpoints.ready() ? json(200, { status: "ready" }) : json(503, { status: "starting" });
      } else if (path === "/metrics") {
        const m = await endpoints.metrics();
        out = { status: 200, type: m.contentType, body: m.body };
      } else if (path === "/feeds") {
        out = json(200, await endpoints.feeds());
      } else {
        out = json(404, { error: "not found", endpoints: ["/healthz", "/readyz", "/metrics", "/feeds"] });
      }
    } catch (err) {
      out = json(500, { error: String(err) });
    }
    res.writeHead(out.status, { "content-type": out.type, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : out.body);
  });
  // A scrape must never hold up shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const why =
        err.code === "EADDRINUSE"
          ? "address already in use"
          : err.code === "EADDRNOTAVAIL"
            ? "not an address of this machine"
            : err.code === "EACCES"
              ? "permission denied (ports below 1024 need privileges)"
              : err.message;
      reject(new AppError("USAGE", `${where}: cannot listen on ${addr.host}:${addr.port}: ${why}`));
    });
    server.listen(addr.port, addr.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
