/** Calendar dates in the config's time zone: "today", midnight instants, draft windows. */
import { AppError } from "../errors.ts";

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function parts(t: number, tz: string): Record<string, number> {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    fmtCache.set(tz, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t))) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/** Milliseconds to add to UTC to get local wall time in `tz` at instant `t`. */
function offset(t: number, tz: string): number {
  const p = parts(t, tz);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(t / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) of instant `now` in `tz`. */
export function localDate(now: Date, tz: string): string {
  const t = now.getTime();
  const o = t >= FROM_MS && t < UNTIL_MS ? hourOffset(t, tz) : undefined;
  if (o === undefined) {
    const p = parts(t, tz);
    return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  }
  const d = new Date(t + o);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** Years 1900–9999, where a local date is four digits of the proleptic Gregorian calendar either way. */
const FROM_MS = Date.UTC(1900, 0, 2);
const UNTIL_MS = Date.UTC(9999, 11, 30);
const HOUR = 3_600_000;
/** Zone offsets by `tz` + UTC hour; emptied when large (a daemon runs for months). */
const hourOffsets = new Map<string, number | null>();

/**
 * The zone's offset during the UTC hour of `t`, or undefined when it changes within that hour.
 * A draft asks for the date of every candidate (11,000 in a big week) and formatToParts costs
 * ~40 µs a call; a week has 168 hours. Offsets change at most once an hour, so equal offsets at
 * the hour's first and last second mean one offset for all of it.
 */
function hourOffset(t: number, tz: string): number | undefined {
  const h = Math.floor(t / HOUR);
  const key = `${tz}\n${h}`;
  let o = hourOffsets.get(key);
  if (o === undefined) {
    const first = offset(h * HOUR, tz);
    o = first === offset(h * HOUR + HOUR - 1000, tz) ? first : null;
    if (hourOffsets.size >= 10_000) hourOffsets.clear();
    hourOffsets.set(key, o);
  }
  return o ?? undefined;
}

/** The UTC instant at which calendar day `date` begins in `tz` (DST-aware). */
export function startOfDay(date: string, tz: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offset(guess, tz);
  t = guess - offset(t, tz);
  return new Date(t);
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Validate a YYYY-MM-DD date given by a user (`what` names it in the message). */
export function parseDay(value: string, what: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ok =
    m !== null &&
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value;
  if (!ok) throw new AppError("USAGE", `${what}: must be a real date YYYY-MM-DD (got "${value}")`);
  // Windows reach days before and after the date: keep them inside four-digit years.
  if (value < FIRST_DAY || value > LAST_DAY) {
    throw new AppError("USAGE", `${what}: must be a date from ${FIRST_DAY} to ${LAST_DAY} (got "${value}")`);
  }
  return value;
}

/** The range of days a --date / --until may name. */
const FIRST_DAY = "1900-01-01";
const LAST_DAY = "9998-12-31";

/** The draft window: `days` whole local days ending with `date` inclusive, as a half-open UTC range. */
export function draftWindow(date: string, days: number, tz: string): { from: Date; to: Date } {
  return { from: startOfDay(addDays(date, 1 - days), tz), to: startOfDay(addDays(date, 1), tz) };
}

/** ISO 8601 week number and its year for a calendar date. */
export function isoWeek(date: string): { year: number; week: number } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}
