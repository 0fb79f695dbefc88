/** Canonical URLs: one spelling per story URL, so the same article from two feeds is one entry. */

/**
 * Query parameters that only say how a reader arrived (ads, newsletters, social shares), never which
 * page it is. Compared case-insensitively. Deliberately conservative: `ref`, `source` and `from` are
 * left out because sites use them for content (GitHub `?ref=main`); add them per feed in config.
 */
export const TRACKING_PARAMS: readonly string[] = Object.freeze([
  "fbclid", // Facebook
  "gclid", // Google Ads
  "gclsrc",
  "dclid", // Google Display
  "gbraid",
  "wbraid",
  "msclkid", // Microsoft Ads
  "mc_cid", // Mailchimp
  "mc_eid",
  "_hsenc", // HubSpot
  "_hsmi",
  "__hstc",
  "__hssc",
  "__hsfp",
  "hsctatracking",
  "igshid", // Instagram
  "yclid", // Yandex
  "_openstat",
  "wt_mc", // Webtrends
  "wt.mc_id",
  "ref_src", // Twitter/X
  "ref_url",
  "twclid",
  "ttclid", // TikTok
  "li_fat_id", // LinkedIn
  "mkt_tok", // Marketo
  "spm", // Alibaba / Taobao
  "oly_anon_id", // Omeda
  "oly_enc_id",
  "rb_clickid",
  "s_cid", // Adobe
  "vero_id",
  "vero_conv",
  "srsltid", // Google Merchant
]);

/** Parameter-name prefixes that are always tracking (`utm_source`, Matomo `pk_campaign`, …). */
export const TRACKING_PARAM_PREFIXES: readonly string[] = Object.freeze(["utm_", "pk_", "mtm_", "hsa_"]);

const DEFAULT_EXACT = new Set(TRACKING_PARAMS);
const DEFAULT_PREDICATE = buildPredicate([]);

/** A parameter name as a browser would read it: `+` is a space, bad escapes stay as written. */
function decodeName(raw: string): string {
  const plus = raw.replace(/\+/g, " ");
  try {
    return decodeURIComponent(plus).toLowerCase();
  } catch {
    return plus.toLowerCase();
  }
}

/**
 * The predicate for `extra`, built once per list: every entry's URL is canonicalized with its feed's
 * list, and building it (a Set of the defaults and more) per call was most of canonicalUrl's cost.
 */
function trackingPredicate(extra: readonly string[]): (name: string) => boolean {
  if (extra.length === 0) return DEFAULT_PREDICATE;
  let p = predicates.get(extra);
  if (p === undefined) {
    p = buildPredicate(extra);
    predicates.set(extra, p);
  }
  return p;
}
const predicates = new WeakMap<readonly string[], (name: string) => boolean>();

/** `extra` entries ending in `*` are prefixes (`ref_*`). */
function buildPredicate(extra: readonly string[]): (name: string) => boolean {
  const exact = new Set(DEFAULT_EXACT);
  const prefixes = [...TRACKING_PARAM_PREFIXES];
  for (const e of extra) {
    const name = e.trim().toLowerCase();
    if (name.endsWith("*")) prefixes.push(name.slice(0, -1));
    else if (name) exact.add(name);
  }
  return (name) => exact.has(name) || prefixes.some((p) => p !== "" && name.startsWith(p));
}

/**
 * The canonical form of an absolute http(s) URL, or null for anything else: lower-case scheme and
 * host, no default port, no fragment, no tracking parameters; other parameters keep their order and
 * spelling, and the path keeps its case (paths are case-sensitive on most servers).
 */
export function canonicalUrl(url: string, extraTrackingParams: readonly string[] = []): string | null {
  const parsed = httpParse(url);
  if (parsed === null) return null;
  // WHATWG URL already lower-cases scheme and host and drops :80 / :443.
  parsed.hash = "";
  const isTracking = trackingPredicate(extraTrackingParams);
  // Edit the raw query rather than URLSearchParams, which would re-encode (%20 → +) what it keeps.
  const kept = parsed.search
    .slice(1)
    .split("&")
    .filter((part) => part !== "" && !isTracking(decodeName(part.split("=", 1)[0] ?? "")));
  parsed.search = kept.length > 0 ? `?${kept.join("&")}` : "";
  return parsed.href;
}

/** `url` parsed when it is an absolute http(s) URL with a host (what canonicalUrl accepts), else null. */
function httpParse(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.hostname === "" ? null : parsed;
}

/** An absolute http(s) URL, trimmed, or null. Only checked: canonicalizing it here would be done twice. */
function httpUrl(value: string | null | undefined): string | null {
  if (value == null) return null;
  const v = value.trim();
  return httpParse(v) === null ? null : v;
}

/**
 * The link that identifies the story: the story's own URL (feedburner:origLink, Atom rel="via",
 * JSON Feed external_url, which arrive as `sourceUrl`) over the feed's proxy or linkblog link.
 * Returned as given; pass it to canonicalUrl() for storage.
 */
export function preferredLink(entry: {
  link: string | null;
  sourceUrl?: string | null | undefined;
}): string | null {
  return httpUrl(entry.sourceUrl) ?? httpUrl(entry.link);
}
