/**
 * Feed dates → "YYYY-MM-DDTHH:MM:SSZ". `new Date()` guesses (local time for zone-less dates,
 * silently wrong for two-digit years and North American zone names), so this is a small
 * grammar: ISO 8601 / W3C-DTF first, then a token reader for RFC 822 and everything like it.
 */
import { DAY_NAMES, MONTHS, ZONES } from "./datenames.ts";
import { isoSeconds } from "./iso-seconds.ts";

// Minutes and seconds may be written with one digit ("12:35:9"), an offset's minutes too
// ("+00:0"); a zone may be a name ("EST", or an RFC 2822 military letter).
const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:(?:T|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}(?::\d{1,2}|\d{2})?)?$/i;
const ISO_BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.toLowerCase();
  if (Object.hasOwn(ZONES, z)) return ZONES[z]! * 60;
  const m = /^(gmt|utc|ut|etc\/gmt)?([+-])(\d{1,2})(?::(\d{1,2})|(\d{2}))?$/.exec(z);
  if (!m) return null;
  const mm = Number(m[4] ?? m[5] ?? 0);
  if (mm > 59) return null; // "+01:75" is no offset at all
  const sign = m[2] === "-" ? -1 : 1;
  const minutes = sign * (Number(m[3]) * 60 + mm);
  // POSIX names invert the sign: Etc/GMT+5 is five hours *behind* UTC.
  return m[1] === "etc/gmt" ? -minutes : minutes;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  off: number,
): string | null {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]! || (mo === 2 && d === 29 && !leap))
    return null;
  if (h > 24 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - off * 60_000;
  if (!Number.isFinite(ms)) return null;
  return isoSeconds(ms);
}

function parseIso(s: string): string | null | undefined {
  const m = ISO.exec(s) ?? ISO_BASIC.exec(s);
  if (!m) return undefined;
  const off = offsetMinutes(m[7]);
  if (off === null) return null;
  const n = (i: number, dflt: number) => (m[i] === undefined ? dflt : Number(m[i]));
  return build(n(1, 0), n(2, 1), n(3, 1), n(4, 0), n(5, 0), n(6, 0), off);
}

const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?(?:([ap])\.?m\.?)?(.*)$/i;

function parseTokens(s: string): string | null {
  const tokens = s
    .replace(/\([^)]*\)/g, " ")
    .replace(/,/g, " ")
    .split(/\s+/)
    .flatMap((t) =>
      /[a-z]/i.test(t) && /^[^:]*[-/]/.test(t) && !/^(etc\/|gmt|utc)/i.test(t) ? t.split(/[-/]/) : [t],
    )
    .filter(Boolean);
  let month = 0;
  let time: number[] | null = null;
  let zone: string | undefined;
  const numbers: string[] = [];
  for (const raw of tokens) {
    const t = raw.toLowerCase().replace(/\.$/, "");
    if (DAY_NAMES.has(t) && !month) continue;
    if (Object.hasOwn(MONTHS, t) && !month) {
      month = MONTHS[t]!;
      continue;
    }
    if (t.includes(":") && !time && !/^(gmt|utc|ut|etc\/gmt)?[+-]/.test(t)) {
      const m = TIME.exec(t);
      if (!m || m[5]?.includes(":")) return null;
      let h = Number(m[1]);
      if (m[4] === "p" && h < 12) h += 12;
      if (m[4] === "a" && h === 12) h = 0;
      time = [h, Number(m[2]), Number(m[3] ?? 0)];
      if (m[5]) zone = m[5];
      continue;
    }
    if (/^\d+$/.test(t)) {
      numbers.push(t);
      continue;
    }
    if (t === "am" || t === "pm") {
      if (time && t === "pm" && time[0]! < 12) time[0]! += 12;
      if (time && t === "am" && time[0] === 12) time[0] = 0;
      continue;
    }
    if (offsetMinutes(t) !== null) {
      zone = t;
      continue;
    }
    if (/^[+-]\d/.test(t)) return null; // an offset that is not one ("+01:75") must not read as UTC
    if (!month) return null; // an unknown word where the month should be: not a date
  }
  if (!month || numbers.length !== 2) return null;
  let yearIdx = numbers.findIndex((n) => n.length === 4);
  if (yearIdx < 0) yearIdx = 1;
  const dayStr = numbers[1 - yearIdx]!;
  let year = Number(numbers[yearIdx]);
  if (numbers[yearIdx]!.length <= 2) year += year < 50 ? 2000 : 1900;
  if (dayStr.length > 2) return null;
  const off = offsetMinutes(zone);
  if (off === null) return null;
  const [h, mi, sec] = time ?? [0, 0, 0];
  return build(year, month, Number(dayStr), h!, mi!, sec!, off);
}

// The canonical RFC 822 shape most feeds use ("Mon, 02 Jan 2006 15:04:05 -0700"), read without
// tokenizing; anything else takes the general path.
const RFC822 =
  /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC|[+-]\d{4})$/;

function parseRfc822(s: string): string | null | undefined {
  const m = RFC822.exec(s);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || month === undefined || !Object.hasOwn(MONTHS, m[2]!.toLowerCase())) return undefined;
  const off = offsetMinutes(m[7]);
  return off === null
    ? null
    : build(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), off);
}

/** Whitespace that the replace in parseDate would change: any but a single space. */
const ODD_SPACE = /[^\S ]| {2}/;

/** A feed date as UTC "YYYY-MM-DDTHH:MM:SSZ"; no zone means UTC; unparseable gives null. */
export function parseDate(input: string | null | undefined): string | null {
  if (!input) return null;
  // Most dates have single spaces only: then the replace (a copy per date) changes nothing.
  const s = (ODD_SPACE.test(input) ? input.replace(/[\s\u00a0]+/g, " ") : input).trim();
  if (!s) return null;
  const fast = parseRfc822(s) ?? parseIso(s);
  return fast !== undefined ? fast : parseTokens(s);
}
