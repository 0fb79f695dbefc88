/**
 * The parts of undici that feeds and the LLM client use — Agent, EnvHttpProxyAgent and request — without
 * the rest. undici's index also loads fetch, WebSocket, EventSource, caches, mocks and interceptors:
 * about 2.8 MB of V8 heap that a long-running daemon would keep and never use (bench/README.md, daemon).
 * The paths below are undici's own files, as its index requires them (undici has no `exports` map);
 * tests/http/undici-index.test.ts checks they are still the index's exports, so an upgrade that moves them fails there.
 */
import { createRequire } from "node:module";
import type * as Undici from "undici";

const require = createRequire(import.meta.url);

const Dispatcher = require("undici/lib/dispatcher/dispatcher") as { prototype: object };
// As undici's index does: request/stream/pipeline/connect/upgrade as Dispatcher methods. ProxyAgent
// tunnels HTTPS with `client.connect`, so the proxy path needs them too.
Object.assign(Dispatcher.prototype, require("undici/lib/api"));

export type { Dispatcher } from "undici";

/** undici's Agent (a pool per origin). */
export const Agent = require("undici/lib/dispatcher/agent") as typeof Undici.Agent;

/** undici's EnvHttpProxyAgent (with explicit httpProxy / httpsProxy / noProxy). */
export const EnvHttpProxyAgent =
  require("undici/lib/dispatcher/env-http-proxy-agent") as typeof Undici.EnvHttpProxyAgent;

const { parseURL } = require("undici/lib/core/util") as { parseURL: (url: string | URL) => URL };

type RequestOptions = Parameters<typeof Undici.request>[1] & { dispatcher: Undici.Dispatcher };

/**
 * undici's `request(url, options)` with an explicit `dispatcher` (this module never loads undici's
 * global one), as undici's index builds it: an http(s) URL's origin and path, GET unless a method or
 * a body says otherwise.
 */
export function request(url: string | URL, opts: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = opts;
  const u = parseURL(url);
  return dispatcher.request({
    ...rest,
    origin: u.origin,
    path: u.search ? `${u.pathname}${u.search}` : u.pathname,
    method: rest.method ?? (rest.body ? "PUT" : "GET"),
  } as Undici.Dispatcher.RequestOptions) as Promise<Undici.Dispatcher.ResponseData>;
}
