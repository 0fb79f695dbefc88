/** Domain types shared by every layer. No logic lives here. */

/** An enclosure (podcast audio, attached file) as the feed states it. */
export interface Enclosure {
  url: string;
  type: string | null;
  /** The attribute value as written, e.g. "100000". */
  length: string | null;
}

/** Which syntax a document was written in. */
export type FeedFormat = "rss" | "rdf" | "atom" | "json";

/** One entry as the parser reports it: plain-text fields, absolute URLs, UTC ISO dates or null. */
export interface ParsedEntry {
  /** guid / Atom id / rdf:about / JSON id, never rewritten. */
  id: string | null;
  title: string | null;
  /** The alternate (permalink) URL, absolute. */
  link: string | null;
  /** The story's own URL when the feed proxies it (feedburner:origLink, Atom rel="via", JSON external_url). */
  sourceUrl?: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  summary: string | null;
  /** Sanitized HTML with absolute links. */
  contentHtml: string | null;
  categories: string[];
  enclosures: Enclosure[];
}

/** A whole document as the parser reports it (the `parse --json` contract). */
export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  link: string | null;
  feedUrl: string | null;
  description: string | null;
  language: string | null;
  updated: string | null;
  entries: ParsedEntry[];
}

/** One feed that reported an entry: an entry remembers every source that carried it. */
export interface EntrySource {
  feedId: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  firstSeen: string;
}

/** What a stored entry and a freshly normalized one have in common. */
interface EntryText {
  /** The feed that first reported it. */
  feedId: string;
  guid: string | null;
  /** Canonical URL (no fragment, no tracking parameters), used to deduplicate and in drafts; null when the feed gives no link. */
  url: string | null;
  /** The link exactly as the feed gave it (made absolute). */
  link: string | null;
  title: string;
  summary: string;
  contentHtml: string;
  author: string | null;
  categories: string[];
  firstSeen: string;
  contentHash: string;
  language: string | null;
}

/** An entry as it is stored: normalized, deduplicated, with every source that reported it. */
export interface Entry extends EntryText {
  /** Stable id: a hash of the first identity the entry was seen with. */
  id: string;
  /** UTC ISO timestamp; first-seen when the feed gave none; never in the future. */
  published: string;
  /** True when `published` is the first-seen time, not a date from the feed. */
  publishedIsFirstSeen: boolean;
  sources: EntrySource[];
}

/** The conditional-GET validators and health of one configured feed. */
export interface FeedState {
  feedId: string;
  /** The URL feedwright polls: the configured one, or where a permanent redirect / discovery led. */
  url: string;
  configuredUrl: string;
  etag: string | null;
  lastModified: string | null;
  lastAttempt: string | null;
  lastSuccess: string | null;
  lastStatus: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextPoll: string | null;
  gone: boolean;
  entriesSeen: number;
  /** The oldest dated item of the last response with a body, for "may have missed items" warnings. */
  lastPollOldestItem: string | null;
  /** The hash of the last response body stored (with what it was read as), null when none was. */
  bodyHash?: string | null;
}

/** A draft feedwright wrote. */
export interface DraftRecord {
  digestId: string;
  date: string;
  path: string;
  entryIds: string[];
  contentHash: string;
  writtenAt: string;
}

/** How one feed's fetch ended, as the summary table shows it. */
export type FeedOutcome = "ok" | "not-modified" | "failed" | "gone" | "skipped";

/** The per-feed line of a `fetch` / `run` summary. */
export interface FeedReport {
  feedId: string;
  url: string;
  outcome: FeedOutcome;
  status: number | null;
  newEntries: number;
  seenEntries: number;
  error: string | null;
  hint: string | null;
  consecutiveFailures: number;
  bytes: number;
  durationMs: number;
  /** The oldest dated item of this response (UTC ISO), or null (304, failure, undated items). */
  oldestItem: string | null;
  /** True when even the oldest item is newer than the previous successful poll: items may have dropped out of the feed unseen. */
  mayHaveMissed: boolean;
  /** When the server allows the next poll (Retry-After), or null. */
  nextPoll: string | null;
  /** True when the poll's claim was lost before it stored anything (several processes, PostgreSQL). */
  fenced?: boolean;
}

/** An entry after normalization, before the store has deduplicated it. */
export interface NormalizedEntry extends EntryText {
  /** The feed's date (UTC, clamped to now), or null when it gave none. */
  published: string | null;
  /** Identity when the feed gives neither guid nor link: a hash of title and date. */
  fallbackKey: string | null;
}
