/** The sanitizer's policy: which elements, attributes and URLs survive, and what a tracker looks like. */
import { resolveUrl } from "../urls.ts";

/** Elements kept (with their allowed attributes). */
export const ALLOWED = new Set(
  (
    "a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div " +
    "dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p picture " +
    "pre q rp rt ruby s samp section small source span strong sub summary sup table tbody td tfoot th thead " +
    "time tr track u ul var wbr audio video"
  ).split(" "),
);
/** Elements dropped with everything inside: active content, or text that is not prose. */
export const DROP_WITH_CONTENT = new Set(
  "script style iframe frame frameset noframes object embed applet template svg math head title noscript select textarea button".split(
    " ",
  ),
);
/** HTML void elements: they never have content or an end tag. */
export const VOID = new Set(
  "area base br col embed hr img input keygen link meta param source track wbr".split(" "),
);
const ATTRS = new Set(
  (
    "href src srcset alt title width height colspan rowspan cite datetime lang dir start reversed type " +
    "controls poster loop muted scope abbr headers span label kind srclang"
  ).split(" "),
);
const URL_ATTRS = new Set(["href", "src", "cite", "poster"]);
const SAFE_SCHEME = /^(?:https?|mailto|ftp|tel|news|magnet):/i;
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|avif);/i;
// Tracking pixels (HubSpot, FeedBurner, WordPress stats, …) say nothing to a reader.
const TRACKER =
  /track\.hubspot\.com\/__ptq|feeds\.feedburner\.com\/~r\/|feedburner\.com\/~ff\/|pixel\.wp\.com|stats\.wordpress\.com\/b\.gif|\/__ptq\.gif/i;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_COMPACT = /[\u0000-\u0020]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const COMPACT = /[\u0000-\u0020]+/g;

function safeUrl(value: string, base: string | null, allowDataImage: boolean): string | null {
  // Browsers ignore ASCII whitespace and control characters inside the scheme: so must we.
  // Tested before replacing: nearly every URL has none, and the replace copies the string.
  const compact = NEEDS_COMPACT.test(value) ? value.replace(COMPACT, "") : value;
  if (allowDataImage && SAFE_DATA_IMAGE.test(compact)) return compact;
  const abs = resolveUrl(value, base);
  if (SAFE_SCHEME.test(abs)) return abs;
  // A relative URL with no base to resolve against is still harmless.
  return /^[a-z][a-z0-9+.-]*:/i.test(compact) ? null : abs;
}

/** True for tracking pixels: 1×1 (or 0×0) images, or known tracker URLs. */
export function isPixel(attrs: Record<string, string>): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](?:px)?\s*$/.test(v);
  return (tiny(attrs.width) && tiny(attrs.height)) || TRACKER.test(attrs.src ?? "");
}

// One pass with a lookup, and none when there is nothing to escape: this runs on every attribute kept.
const NEEDS_ATTR_ESCAPE = /[&"<]/;
const ATTR_ESCAPES = /[&"<]/g;
const ATTR_ESCAPED: Record<string, string> = { "&": "&amp;", '"': "&quot;", "<": "&lt;" };

function escapeAttr(s: string): string {
  return NEEDS_ATTR_ESCAPE.test(s) ? s.replace(ATTR_ESCAPES, (ch) => ATTR_ESCAPED[ch]!) : s;
}

/** The allowed attributes of `tag`, URLs made absolute and unsafe ones dropped, ready to print. */
export function renderAttrs(tag: string, attrs: Record<string, string>, base: string | null): string {
  let out = "";
  for (const name in attrs) {
    if (!ATTRS.has(name)) continue;
    let value: string | null = attrs[name]!;
    if (URL_ATTRS.has(name)) value = safeUrl(value, base, tag === "img" && name === "src");
    else if (name === "srcset") {
      value = value
        .split(",")
        .map((part) => part.trim().split(/\s+/))
        .map(([url, size]) => {
          const safe = url ? safeUrl(url, base, false) : null;
          return safe ? (size ? `${safe} ${size}` : safe) : null;
        })
        .filter(Boolean)
        .join(", ");
    }
    // An empty alt is meaningful (a decorative image); an empty URL is not.
    if (value !== null && (value !== "" || name === "alt")) out += ` ${name}="${escapeAttr(value)}"`;
  }
  return out;
}
