/** One request outside a run (`discover`, `extract`): feeds.yaml's fetch settings when there is one, else the defaults. */
import { existsSync } from "node:fs";
import { configSchema } from "../config/schema.ts";
import { type Config, loadConfig } from "../config.ts";
import { createFetcher } from "../reader/http/fetch.ts";
import type { FetchResult } from "../reader/http/fetch-types.ts";
import { DEFAULT_USER_AGENT } from "../version.ts";
import type { CommandContext } from "./command.ts";

/** GET `url` once with the config's limits (no feeds.yaml is needed to look at a page). */
export async function fetchOne(
  ctx: CommandContext,
  url: string,
  headers: Record<string, string> = {},
): Promise<FetchResult> {
  const fetchConfig: Config["fetch"] = existsSync(ctx.globals.config)
    ? loadConfig(ctx.globals.config, ctx.io.env).fetch
    : configSchema.shape.fetch.parse(undefined);
  const fetcher = createFetcher({
    maxBytes: fetchConfig.maxBytes,
    connectTimeoutMs: fetchConfig.connectTimeout,
    retries: fetchConfig.retries,
    blockPrivateNetworks: fetchConfig.blockPrivateNetworks,
  });
  try {
    return await fetcher.fetch({
      url,
      timeoutMs: fetchConfig.timeout,
      userAgent: fetchConfig.userAgent ?? DEFAULT_USER_AGENT,
      headers,
      signal: ctx.io.signal,
    });
  } finally {
    await fetcher.close();
  }
}
