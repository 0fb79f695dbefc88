/** URL resolution the way the conformance corpus expects: WHATWG `new URL()`, nothing more. */

/** `ref` resolved against `base`; `ref` unchanged when it cannot be made absolute. */
export function resolveUrl(ref: string, base: string | null): string {
  const trimmed = ref.trim();
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}
