/** The last step for every `contentHtml`: sanitize, absolutize, and give "" back as null. */
import { sanitizeHtml } from "./sanitize.ts";

/** Sanitized HTML with links resolved against `base`, or null when nothing is left. */
export function contentHtml(html: string | null, base: string | null): string | null {
  if (html === null) return null;
  const clean = sanitizeHtml(html, base);
  return clean === "" ? null : clean;
}
