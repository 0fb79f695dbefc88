/** URL resolution the way the conformance corpus expects: WHATWG `new URL()`, nothing more. */

// The last base's answers: a feed resolves all its links against one base (its URL or xml:base),
// and its items repeat many of them (site links, images, trackers), each a full URL parse. Bounded,
// and dropped when the base changes, so it holds one feed's links at most.
const MAX_CACHED = 4096;
let cachedBase: string | null = null;
let cached = new Map<string, string>();

/** `ref` resolved against `base`; `ref` unchanged when it cannot be made absolute. */
export function resolveUrl(ref: string, base: string | null): string {
  if (base !== cachedBase || cached.size >= MAX_CACHED) {
    cachedBase = base;
    cached = new Map();
  }
  let out = cached.get(ref);
  if (out === undefined) {
    out = resolve(ref, base);
    cached.set(ref, out);
  }
  return out;
}

function resolve(ref: string, base: string | null): string {
  const trimmed = ref.trim();
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}
