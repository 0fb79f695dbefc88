import { describe, expect, it } from "vitest";
import { isoSeconds } from "../../src/reader/formats/iso-seconds.ts";
import { mulberry32 } from "../support/random.ts";

const viaDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

describe("isoSeconds", () => {
  it("gives what toISOString gives without milliseconds, across the whole range of dates", () => {
    const rand = mulberry32(17);
    for (let i = 0; i < 200_000; i++) {
      // Whole seconds and whole milliseconds, from about 270,000 BC to AD 275,000.
      const ms = Math.floor((rand() * 2 - 1) * 8.64e15);
      expect(isoSeconds(ms), String(ms)).toBe(viaDate(ms));
      const s = ms - (ms % 1000);
      expect(isoSeconds(s), String(s)).toBe(viaDate(s));
    }
  });

  it("gets the edges right: the epoch, before it, leap days, and the ends of four-digit years", () => {
    for (const iso of [
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
      "2000-02-29T12:00:00Z",
      "1900-02-28T23:59:59Z",
      "2024-12-31T23:59:59Z",
      "1000-01-01T00:00:00Z",
      "9999-12-31T23:59:59Z",
      "0999-12-31T23:59:59Z",
    ]) {
      expect(isoSeconds(Date.parse(iso))).toBe(iso);
    }
    expect(isoSeconds(Date.UTC(10000, 0, 1))).toBe(viaDate(Date.UTC(10000, 0, 1)));
  });
});
