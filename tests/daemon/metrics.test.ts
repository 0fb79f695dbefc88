/** The daemon's Prometheus series: each feed's exist from the start, and leave with the feed. */
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/daemon/metrics.ts";
import type { FeedReport } from "../../src/types.ts";

const series = (text: string, feed: string) => text.split("\n").filter((l) => l.includes(`feed="${feed}"`));

describe("daemon metrics", () => {
  it("creates a feed's counters at 0 before its first poll, so rate() sees its first failure", async () => {
    const m = createMetrics();
    m.feedState("a", 0, null);
    const text = await m.text();
    for (const outcome of ["ok", "not-modified", "failed"])
      expect(text).toContain(`feedwright_polls_total{feed="a",outcome="${outcome}"} 0`);
    // Rare outcomes get their series when they happen.
    expect(text).not.toContain('outcome="gone"');
    expect(text).toContain('feedwright_fetch_bytes_total{feed="a"} 0');
    expect(text).toContain('feedwright_entries_stored_total{feed="a"} 0');
    expect(text).toContain('feedwright_feed_may_have_missed_total{feed="a"} 0');
    expect(text).toContain('feedwright_feed_consecutive_failures{feed="a"} 0');
    // No success yet: no last-success time (0 would read as 1970).
    expect(text).not.toContain('feedwright_feed_last_success_timestamp_seconds{feed="a"}');
    expect(text).toContain('feedwright_fetch_duration_seconds_count{outcome="failed"} 0');
  });

  it("counts polls on the series created at start, and forgets every series of a removed feed", async () => {
    const m = createMetrics();
    m.feedState("a", 0, null);
    m.feedState("b", 2, "2026-03-05T08:00:00Z");
    const report = { feedId: "a", outcome: "failed", durationMs: 20, bytes: 0, newEntries: 0 };
    m.poll({ ...report, consecutiveFailures: 1 } as FeedReport, null);
    // A reload re-applies every feed: counts already made stay.
    m.feedState("a", 1, null);
    const text = await m.text();
    expect(text).toContain('feedwright_polls_total{feed="a",outcome="failed"} 1');
    expect(text).toContain('feedwright_feed_consecutive_failures{feed="a"} 1');
    expect(text).toContain(
      `feedwright_feed_last_success_timestamp_seconds{feed="b"} ${Date.parse("2026-03-05T08:00:00Z") / 1000}`,
    );
    m.removeFeed("a");
    const after = await m.text();
    expect(series(after, "a")).toEqual([]);
    expect(series(after, "b").length).toBeGreaterThan(0);
  });
});

describe("daemon metrics: gone feeds and digests", () => {
  it("shows a gone feed as 1 from the store at start and after a 410, and 0 once it is polled again", async () => {
    const m = createMetrics();
    m.feedState("a", 0, null, true);
    m.feedState("b", 0, null);
    let text = await m.text();
    expect(text).toContain('feedwright_feed_gone{feed="a"} 1');
    expect(text).toContain('feedwright_feed_gone{feed="b"} 0');
    const report = { durationMs: 20, bytes: 0, newEntries: 0, consecutiveFailures: 0 };
    m.poll({ ...report, feedId: "b", outcome: "gone", consecutiveFailures: 1 } as FeedReport, null);
    m.poll({ ...report, feedId: "a", outcome: "ok" } as FeedReport, "2026-03-05T08:00:00Z");
    text = await m.text();
    expect(text).toContain('feedwright_feed_gone{feed="a"} 0');
    expect(text).toContain('feedwright_feed_gone{feed="b"} 1');
    m.removeFeed("b");
    expect(await m.text()).not.toContain('feed="b"');
  });

  it("creates a scheduled digest's draft and failed-publish counters at 0, and forgets a removed digest", async () => {
    const m = createMetrics();
    m.digestState("w", true);
    m.digestState("quiet", false);
    const text = await m.text();
    for (const outcome of ["written", "empty", "failed"])
      expect(text).toContain(`feedwright_drafts_total{digest="w",outcome="${outcome}"} 0`);
    expect(text).toContain('feedwright_publishes_total{digest="w",outcome="failed"} 0');
    expect(text).not.toContain('feedwright_publishes_total{digest="quiet"');
    m.draft("w", "written", new Date("2026-03-05T09:00:00Z"));
    m.publish("w", "opened");
    m.removeDigest("w");
    const after = await m.text();
    expect(after).not.toContain('digest="w"');
    expect(after).toContain('feedwright_drafts_total{digest="quiet",outcome="failed"} 0');
  });
});
