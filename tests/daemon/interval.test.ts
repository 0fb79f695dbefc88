import { describe, expect, it } from "vitest";
import { backoffDelay, isDue, jitterWindow, nominalDue, scheduledAt } from "../../src/daemon/interval.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("poll timing", () => {
  it("doubles the wait per consecutive failure and caps it at 24h", () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(30 * MIN, n))).toEqual([30 * MIN, HOUR, 2 * HOUR, 4 * HOUR]);
    expect(backoffDelay(30 * MIN, 8)).toBe(24 * HOUR);
    expect(backoffDelay(30 * MIN, 1000)).toBe(24 * HOUR);
    // A feed polled every two days is never polled *more* often because it fails.
    expect(backoffDelay(48 * HOUR, 3)).toBe(48 * HOUR);
  });

  it("jitters by up to 10% of the interval, at most 5 minutes", () => {
    expect(jitterWindow(5 * MIN)).toBe(30_000);
    expect(jitterWindow(24 * HOUR)).toBe(5 * MIN);
    const h = { lastAttempt: 0, consecutiveFailures: 0, notBefore: null };
    expect(scheduledAt(5 * MIN, h, 0, () => 0)).toBe(5 * MIN);
    expect(scheduledAt(5 * MIN, h, 0, () => 0.5)).toBe(5 * MIN + 15_000);
  });

  it("polls a never-polled or overdue feed now, and never before the server's Retry-After", () => {
    const now = 10 * HOUR;
    expect(nominalDue(HOUR, { lastAttempt: null, consecutiveFailures: 0, notBefore: null }, now)).toBe(now);
    expect(nominalDue(HOUR, { lastAttempt: 0, consecutiveFailures: 0, notBefore: null }, now)).toBe(now);
    const asked = { lastAttempt: now - HOUR, consecutiveFailures: 0, notBefore: now + 3 * HOUR };
    expect(nominalDue(HOUR, asked, now)).toBe(now + 3 * HOUR);
    expect(isDue(HOUR, asked, now)).toBe(false);
    expect(isDue(HOUR, { lastAttempt: now - HOUR, consecutiveFailures: 0, notBefore: null }, now)).toBe(true);
    expect(isDue(HOUR, { lastAttempt: now - HOUR, consecutiveFailures: 1, notBefore: null }, now)).toBe(
      false,
    );
  });
});
