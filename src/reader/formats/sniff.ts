/** Telling an HTML page from a feed by its Content-Type and first bytes (no HTML parser needed). */

/** True when a response looks like an HTML page rather than a feed (by Content-Type, then by bytes). */
export function looksLikeHtml(body: Uint8Array, contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/html" || type === "application/xhtml+xml") return true;
  const head = new TextDecoder()
    .decode(body.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart();
  return /^(<!--[\s\S]*?-->\s*)*<!doctype html|^(<!--[\s\S]*?-->\s*)*<html[\s>]/i.test(head);
}
