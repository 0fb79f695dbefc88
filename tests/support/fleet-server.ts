/**
 * A feed server for the several-daemons tests: one handler listening on several loopback addresses
 * (each a host of its own for per-host limits), feeds that gain an item every `itemEveryMs`, and a
 * record of every request, of the items served and of the most requests ever in flight per host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request: which feed, when it arrived (epoch ms). */
export interface FleetRequest {
  feed: string;
  host: string;
  at: number;
}

/** A running fleet server. */
export interface FleetServer {
  /** The feed URLs, `count` of them spread over the hosts. */
  urls: string[];
  requests: FleetRequest[];
  /** Every item URL ever served. */
  served: Set<string>;
  /** The most requests in flight at once, per host. */
  maxInFlight: Map<string, number>;
  /** Hold the responses of requests `hold` picks until the returned release is called. */
  holdWhen(hold: (feed: string) => boolean): { arrived: Promise<void>; release: () => void };
  close(): Promise<void>;
}

const item = (base: string, k: number, firstDate: number) =>
  `<item><title>Story ${k} of ${base.split("/").pop()}</title><link>${base}/item/${k}</link><guid>${base}/item/${k}</guid><pubDate>${new Date(firstDate + k * 60_000).toUTCString()}</pubDate></item>`;

/** Start serving `count` feeds on `hosts` (loopback addresses), answering after `delayMs`. */
export async function startFleetServer(opts: {
  hosts: string[];
  count: number;
  delayMs: number;
  itemEveryMs: number;
  /** How many of the newest items a response lists (default 3). */
  keep?: number;
  /** The date of item 0 (each next one a minute later); default 2026-01-01. */
  firstDate?: number;
}): Promise<FleetServer> {
  const t0 = Date.now();
  const requests: FleetRequest[] = [];
  const served = new Set<string>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  let hold: ((feed: string) => boolean) | null = null;
  let held: Promise<void> = Promise.resolve();
  let arrivedNow: (() => void) | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = new URL(`http://${req.headers.host}`).hostname;
    const feed = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? "")?.[1];
    if (!feed) return void res.writeHead(404).end();
    requests.push({ feed, host, at: Date.now() });
    const n = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, n);
    maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, n));
    await new Promise((r) => setTimeout(r, opts.delayMs));
    if (hold?.(feed)) {
      arrivedNow?.();
      await held;
    }
    const base = `http://${req.headers.host}/feed/${feed}`;
    const newest = Math.floor((Date.now() - t0) / opts.itemEveryMs);
    const items: string[] = [];
    for (let k = newest; k >= Math.max(0, newest - (opts.keep ?? 3) + 1); k--) {
      served.add(`${base}/item/${k}`);
      items.push(item(base, k, opts.firstDate ?? Date.UTC(2026, 0, 1)));
    }
    inFlight.set(host, inFlight.get(host)! - 1);
    res
      .writeHead(200, { "content-type": "application/rss+xml" })
      .end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed}</title><link>${base}</link>${items.join("")}</channel></rss>`,
      );
  };
  const servers: Server[] = [];
  const ports: number[] = [];
  for (const h of opts.hosts) {
    const s = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => s.listen(0, h, resolve));
    servers.push(s);
    ports.push((s.address() as AddressInfo).port);
  }
  const urls = Array.from({ length: opts.count }, (_, i) => {
    const k = i % opts.hosts.length;
    return `http://${opts.hosts[k]}:${ports[k]}/feed/${i}.xml`;
  });
  return {
    urls,
    requests,
    served,
    maxInFlight,
    holdWhen(pick) {
      let release!: () => void;
      held = new Promise<void>((r) => {
        release = r;
      });
      const arrived = new Promise<void>((r) => {
        arrivedNow = r;
      });
      hold = pick;
      return {
        arrived,
        release: () => {
          hold = null;
          release();
        },
      };
    },
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      ).then(() => {}),
  };
}
