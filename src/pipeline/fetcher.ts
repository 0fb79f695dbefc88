/** The fetcher of a run, from the config's limits and the environment's proxy settings. */
import type { Config } from "../config.ts";
import { createFetcher, type Fetcher } from "../reader/http/fetch.ts";

/** The fetcher a run uses: the config's limits, and proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY in `env`. */
export function fetcherFor(config: Config, env: NodeJS.ProcessEnv = {}, now?: () => Date): Fetcher {
  const pick = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  return createFetcher({
    maxBytes: config.fetch.maxBytes,
    connectTimeoutMs: config.fetch.connectTimeout,
    retries: config.fetch.retries,
    perHost: config.fetch.perHost,
    retryAfterMaxMs: config.fetch.retryAfterMax,
    blockPrivateNetworks: config.fetch.blockPrivateNetworks,
    proxy: { httpProxy: pick("HTTP_PROXY"), httpsProxy: pick("HTTPS_PROXY"), noProxy: pick("NO_PROXY") },
    // Retry-After dates are read on the run's clock, so a pinned clock pins the next allowed poll too.
    ...(now ? { now: () => now().getTime() } : {}),
  });
}
