/**
 * Content HTML → safe HTML with absolute links. An allowlist over htmlparser2's tokenizer:
 * sanitize-html does the same job but ran at ~9 MB/s on feed content (bench/README.md),
 * which alone would miss the parse budget; this streaming pass keeps the same rules cheaply.
 */
import { Parser } from "htmlparser2";
import { escapeHtml } from "./text.ts";
import { resolveUrl } from "./urls.ts";

const ALLOWED = new Set(
  (
    "a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div " +
    "dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p picture " +
    "pre q rp rt ruby s samp section small source span strong sub summary sup table tbody td tfoot th thead " +
    "time tr track u ul var wbr audio video"
  ).split(" "),
);
// Dropped with everything inside: active content, or text that is not prose.
const DROP_WITH_CONTENT = new Set(
  "script style iframe frame frameset noframes object embed applet template svg math head title noscript select textarea button".split(
    " ",
  ),
);
const MAX_HTML_DEPTH = 256;
const VOID = new Set(["br", "hr", "img", "source", "track", "wbr", "col"]);
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

function safeUrl(value: string, base: string | null, allowDataImage: boolean): string | null {
  // Browsers ignore ASCII whitespace and control characters inside the scheme: so must we.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const compact = value.replace(/[\u0000-\u0020]+/g, "");
  if (allowDataImage && SAFE_DATA_IMAGE.test(compact)) return compact;
  const abs = resolveUrl(value, base);
  if (SAFE_SCHEME.test(abs)) return abs;
  // A relative URL with no base to resolve against is still harmless.
  return /^[a-z][a-z0-9+.-]*:/i.test(compact) ? null : abs;
}

function isPixel(attrs: Record<string, string>): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](?:px)?\s*$/.test(v);
  return (tiny(attrs.width) && tiny(attrs.height)) || TRACKER.test(attrs.src ?? "");
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function renderAttrs(tag: string, attrs: Record<string, string>, base: string | null): string {
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

/** Sanitize `html` (scripts, styles, frames, handlers, `javascript:` URLs removed) and make links absolute. */
export function sanitizeHtml(html: string, base: string | null): string {
  let out = "";
  let dropDepth = 0;
  let depth = 0;
  let stopped = false;
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        // htmlparser2 keeps open elements with Array#unshift and scans them for each stray end
        // tag: quadratic on hostile input. No real post nests this deep, so the rest is dropped.
        if (++depth > MAX_HTML_DEPTH && !stopped) {
          stopped = true;
          parser.pause();
        }
        if (stopped) return;
        if (dropDepth > 0 || DROP_WITH_CONTENT.has(name)) {
          if (!VOID.has(name)) dropDepth++;
          return;
        }
        if (!ALLOWED.has(name) || (name === "img" && isPixel(attrs))) return;
        const rendered = renderAttrs(name, attrs, base);
        // An image whose only source was unsafe (or missing) shows nothing: drop it whole.
        if (name === "img" && !rendered.includes(' src="')) return;
        out += `<${name}${rendered}>`;
        if (!VOID.has(name)) open.push(name);
      },
      onclosetag(name) {
        depth--;
        if (stopped) return;
        if (dropDepth > 0) {
          if (!VOID.has(name)) dropDepth--;
          return;
        }
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        while (open.length > at) out += `</${open.pop()}>`;
      },
      ontext(text) {
        if (dropDepth === 0 && !stopped) out += escapeHtml(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  if (!stopped) parser.end();
  while (open.length > 0) out += `</${open.pop()}>`;
  return out.trim();
}
