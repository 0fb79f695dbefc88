/** The last step for every `contentHtml`: sanitize, absolutize, and give "" back as null. */
import { MAX_FIELD_CHARS } from "../limits.ts";
import { sanitizeHtml } from "./sanitize.ts";

/**
 * Sanitized HTML with links resolved against `base`, or null when nothing is left. At most
 * MAX_FIELD_CHARS of markup are read (limits.ts), and the result is about as long at most.
 */
export function contentHtml(html: string | null, base: string | null): string | null {
  if (html === null) return null;
  const clean = sanitizeHtml(html.length > MAX_FIELD_CHARS ? html.slice(0, MAX_FIELD_CHARS) : html, base);
  return clean === "" ? null : clean;
}
