/** The coverage report of a draft: per-feed health and counts, merged stories, what was left out and why. */
import type { Selection } from "../digest/select.ts";
import type { Entry, FeedState } from "../types.ts";

/** One configured feed's part in the draft's window. */
export interface FeedCoverage {
  id: string;
  name: string;
  /** "ok", "failing …", "gone", "never fetched". */
  health: string;
  healthy: boolean;
  /** Entries of the window this feed reported (as first or as another source). */
  seen: number;
  /** Stories in the draft this feed reported. */
  selected: number;
  /** Entries without a date (first-seen time used instead). */
  undated: number;
  /** Entries dated in the future (clamped to first-seen). */
  futureDated: number;
  /** Why some of the window's items may not have been seen, or null. */
  warning: string | null;
}

/** A story that several entries were merged into. */
export interface ClusterCoverage {
  title: string;
  link: string;
  /** How many entries the story merges. */
  size: number;
  /** Display names of every feed that reported it. */
  sources: string[];
}

/** An entry of the window that is not in the draft. */
export interface LeftOut {
  title: string;
  link: string;
  feed: string;
  reason: string;
}

/** Where one item of the draft got its text (full text), with the reasons. */
export interface TextSourceCoverage {
  title: string;
  link: string;
  /** "feed text", "full text, extracted", "full text refused: …" or "full text failed: …". */
  source: string;
  detail: string;
}

/** The whole report, as the PR body template sees it. */
export interface Coverage {
  totals: {
    feeds: number;
    unhealthy: number;
    seen: number;
    selected: number;
    merged: number;
    leftOut: number;
  };
  feeds: FeedCoverage[];
  clusters: ClusterCoverage[];
  leftOut: LeftOut[];
  /** Left-out entries not listed (the list is capped to keep the PR description under GitHub's limit). */
  leftOutMore: number;
  /** Feeds with undated or future-dated entries. */
  dateIssues: FeedCoverage[];
  /** Every item's text source, in draft order; empty when full text did not run for the draft. */
  textSources: TextSourceCoverage[];
}

/** What the report is built from; no I/O. */
export interface CoverageInput {
  feeds: readonly { id: string; title?: string | undefined }[];
  states: ReadonlyMap<string, FeedState>;
  /** Only the draft's stories and the candidates left out are read. */
  selection: Pick<Selection, "items" | "candidates">;
  /** Start of the window (UTC ISO), to tell whether a feed's last response reached back that far. */
  windowFrom: string;
  maxLeftOut?: number;
  /** The text sources the draft recorded (store/articles.ts), by entry id. */
  textSources?: readonly { entryId: string; source: string; detail: string }[];
}

const day = (iso: string) => iso.slice(0, 10);

/** Health in a few words, from the stored feed state. */
function health(s: FeedState | undefined): { text: string; healthy: boolean } {
  if (!s || (s.lastAttempt === null && s.lastSuccess === null))
    return { text: "never fetched", healthy: false };
  if (s.gone)
    return { text: `gone (HTTP 410) since ${day(s.lastAttempt ?? s.lastSuccess ?? "")}`, healthy: false };
  if (s.consecutiveFailures === 0) return { text: "ok", healthy: true };
  const since = s.lastSuccess ? `its last success on ${day(s.lastSuccess)}` : "its first poll";
  const err = s.lastError
    ? `: ${s.lastError.length > 120 ? `${s.lastError.slice(0, 119)}…` : s.lastError}`
    : "";
  return { text: `failing since ${since} (${s.consecutiveFailures}× in a row)${err}`, healthy: false };
}

/**
 * A feed that lists only its newest items can drop some between two polls: when the oldest item of
 * its last response is newer than the poll before it. That earlier poll is the latest time this
 * feed's entries of the window were first seen before the last poll, or, when all of them arrived in
 * the last poll but the feed had given entries before, some time before the window. A first poll
 * has nothing before it to have missed.
 */
function warning(
  s: FeedState | undefined,
  mine: readonly Entry[],
  feedId: string,
  windowFrom: string,
): string | null {
  const oldest = s?.lastPollOldestItem;
  const last = s?.lastSuccess;
  if (!s || !oldest || !last || oldest <= windowFrom) return null;
  const seen = mine.flatMap((e) => e.sources.filter((x) => x.feedId === feedId).map((x) => x.firstSeen));
  const before = seen
    .filter((t) => t < last)
    .sort()
    .at(-1);
  const newest = seen.filter((t) => t >= last).length;
  if (before === undefined && s.entriesSeen <= newest) return null;
  if (before !== undefined && oldest <= before) return null;
  const prev = before === undefined ? "before the window" : `at ${before}`;
  return `may have missed items: its last response went back only to ${oldest}, and the poll before it was ${prev}`;
}

/** Build the coverage report for a selection. */
export function buildCoverage(input: CoverageInput): Coverage {
  const { selection } = input;
  const name = new Map(input.feeds.map((f) => [f.id, f.title ?? f.id]));
  const entries = new Map<string, Entry>();
  for (const i of selection.items) for (const e of [i.entry, ...i.others]) entries.set(e.id, e);
  for (const c of selection.candidates) entries.set(c.entry.id, c.entry);
  const feedsOf = (e: Entry) => new Set([e.feedId, ...e.sources.map((s) => s.feedId)]);
  const feeds = input.feeds.map((f): FeedCoverage => {
    const state = input.states.get(f.id);
    const h = health(state);
    const mine = [...entries.values()].filter((e) => feedsOf(e).has(f.id));
    const own = mine.filter((e) => e.feedId === f.id);
    return {
      id: f.id,
      name: name.get(f.id)!,
      health: h.text,
      healthy: h.healthy,
      seen: mine.length,
      selected: selection.items.filter((i) => [i.entry, ...i.others].some((e) => feedsOf(e).has(f.id)))
        .length,
      undated: own.filter((e) => e.publishedIsFirstSeen).length,
      // The reader clamps a future date to the fetch time, which is also the first-seen time.
      futureDated: own.filter((e) => !e.publishedIsFirstSeen && e.published === e.firstSeen).length,
      warning: warning(state, mine, f.id, input.windowFrom),
    };
  });
  const clusters = selection.items
    .filter((i) => i.others.length > 0)
    .map((i) => {
      const all = [i.entry, ...i.others];
      const ids = [...new Set(all.flatMap((e) => [...feedsOf(e)]))];
      return {
        title: i.entry.title,
        link: i.entry.url ?? i.entry.link ?? "",
        size: all.length,
        sources: ids.map((id) => name.get(id) ?? id),
      };
    });
  // Merged duplicates are reported with their story above, not as left out.
  const left = selection.candidates
    .filter((c) => !c.reason.startsWith("duplicate of"))
    .map((c) => ({
      title: c.entry.title,
      link: c.entry.url ?? c.entry.link ?? "",
      feed: name.get(c.entry.feedId) ?? c.entry.feedId,
      reason: c.reason,
    }));
  const cap = input.maxLeftOut ?? 100;
  const drafted = new Map(selection.items.map((i) => [i.entry.id, i.entry]));
  const textSources = (input.textSources ?? []).map((t) => {
    const e = drafted.get(t.entryId);
    return {
      title: e?.title ?? t.entryId,
      link: e?.url ?? e?.link ?? "",
      source: t.source,
      detail: t.detail,
    };
  });
  return {
    totals: {
      feeds: feeds.length,
      unhealthy: feeds.filter((f) => !f.healthy).length,
      seen: entries.size,
      selected: selection.items.length,
      merged: clusters.length,
      leftOut: left.length,
    },
    feeds,
    clusters,
    leftOut: left.slice(0, cap),
    leftOutMore: Math.max(0, left.length - cap),
    dateIssues: feeds.filter((f) => f.undated > 0 || f.futureDated > 0),
    textSources,
  };
}
