/** Dates as a digest shows them: in its time zone and language. */

/**
 * Format an ISO instant or a calendar date (YYYY-MM-DD) for a draft. Styles: "long" (2026年1月15日 /
 * January 15, 2026), "short" (1月15日 / Jan 15), "iso" (2026-01-15), "time" (14:05).
 */
export function formatDate(value: string, tz: string, language: string, style = "long"): string {
  if (!value) return "";
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(calendar ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const timeZone = calendar ? "UTC" : tz;
  const locale = language || "en";
  switch (style) {
    case "iso":
      return new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      }).format(d);
    case "short":
      return new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric" }).format(d);
    case "time":
      return new Intl.DateTimeFormat(locale, {
        timeZone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(d);
    default:
      return new Intl.DateTimeFormat(locale, {
        timeZone,
        year: "numeric",
        month: "long",
        day: "numeric",
      }).format(d);
  }
}
