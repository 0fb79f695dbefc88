/** A feed's fetch with discovery: when its URL serves an HTML page, the feed that page links to. */
import { AppError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { looksLikeHtml } from "../reader/formats/sniff.ts";
import type { Fetcher, FetchRequest, FetchResult } from "../reader/http/fetch.ts";

/**
 * Fetch the feed; when the URL serves an HTML page, fetch the first feed the page links to instead.
 * Returns the result and the URL later polls should use.
 */
export async function fetchFeed(
  req: FetchRequest,
  deps: { fetcher: Fetcher; log: Logger },
  feedId: string,
): Promise<{ res: FetchResult; next: string }> {
  const res = await deps.fetcher.fetch(req);
  const next = res.permanentUrl ?? req.url;
  if (res.notModified || !looksLikeHtml(res.body, res.contentType)) return { res, next };
  // cheerio loads only when a feed URL turns out to be a page: most runs never pay for it.
  const { discoverFeeds } = await import("../reader/http/discover.ts");
  const found = discoverFeeds(new TextDecoder().decode(res.body), res.url);
  if (found.length === 0) {
    throw new AppError("NOT_A_FEED", `not a feed: ${res.url} is an HTML page that links to no feed`);
  }
  const feedUrl = found[0]!.url;
  deps.log.warn(
    { feed: feedId, page: res.url, feedUrl },
    "feeds.yaml url is an HTML page; using the feed it links to: put the feed url in feeds.yaml",
  );
  const discovered = await deps.fetcher.fetch({ ...req, url: feedUrl, etag: null, lastModified: null });
  if (!discovered.notModified && looksLikeHtml(discovered.body, discovered.contentType)) {
    throw new AppError("NOT_A_FEED", `not a feed: ${res.url} links to ${feedUrl}, which is an HTML page too`);
  }
  return { res: discovered, next: discovered.permanentUrl ?? feedUrl };
}
