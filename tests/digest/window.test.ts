/** localDate() answers from a per-hour offset cache: the same dates as asking Intl every time. */
import { expect, it } from "vitest";
import { localDate } from "../../src/digest/window.ts";
import { mulberry32 } from "../support/random.ts";

const formats = new Map<string, Intl.DateTimeFormat>();
/** The local date as Intl gives it, with no cache of dates (en-CA formats YYYY-MM-DD). */
function direct(t: number, tz: string): string {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(tz, f);
  }
  return f.format(new Date(t));
}

// DST on the hour (New York, London), by half an hour (Lord Howe), at :45 offsets (Chatham), none
// (Kathmandu's +05:45), and a zone that skipped a whole day (Apia, end of 2011).
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kathmandu",
  "Pacific/Apia",
  "UTC",
];

it("matches Intl every five minutes around offset changes, and at random instants", () => {
  const spans = [
    [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 10)], // US spring forward
    [Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 27)], // EU fall back
    [Date.UTC(2026, 3, 3), Date.UTC(2026, 3, 6)], // Lord Howe, Chatham fall back
    [Date.UTC(2011, 11, 28), Date.UTC(2012, 0, 1)], // Apia skips 30 December 2011
  ];
  for (const tz of ZONES) {
    for (const [from, to] of spans)
      for (let t = from!; t < to!; t += 300_000)
        expect(localDate(new Date(t), tz), `${tz} ${new Date(t).toISOString()}`).toBe(direct(t, tz));
    const rand = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const t = Date.UTC(1901, 0, 1) + Math.floor(rand() * (Date.UTC(2099, 0, 1) - Date.UTC(1901, 0, 1)));
      expect(localDate(new Date(t), tz), `${tz} ${new Date(t).toISOString()}`).toBe(direct(t, tz));
    }
  }
});
