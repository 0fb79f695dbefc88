/**
 * Schema migrations, one numbered list for both engines: index i upgrades version i to i+1. Never
 * edit a released step's effect, append one. Steps are written for SQLite; forDialect() adapts them.
 */
import type { Dialect } from "./db.ts";

/** The steps, in SQLite's SQL. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE feeds (
    feed_id TEXT PRIMARY KEY,
    configured_url TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_status TEXT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    entries_seen INTEGER NOT NULL DEFAULT 0,
    last_poll_oldest_item TEXT
  );
  CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    feed_id TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    link TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_html TEXT NOT NULL,
    author TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    published TEXT NOT NULL,
    published_is_first_seen INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    language TEXT
  );
  CREATE UNIQUE INDEX entries_url ON entries(url) WHERE url IS NOT NULL;
  CREATE INDEX entries_published ON entries(published);
  CREATE TABLE entry_sources (
    /*rowid*/
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    feed_id TEXT NOT NULL,
    guid TEXT,
    fallback_key TEXT,
    link TEXT,
    title TEXT,
    first_seen TEXT NOT NULL
  );
  CREATE UNIQUE INDEX sources_guid ON entry_sources(feed_id, guid) WHERE guid IS NOT NULL;
  CREATE UNIQUE INDEX sources_fallback ON entry_sources(feed_id, fallback_key) WHERE fallback_key IS NOT NULL;
  CREATE INDEX sources_entry ON entry_sources(entry_id);
  CREATE TABLE drafts (
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    entry_ids TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (digest_id, date)
  );
  CREATE TABLE draft_entries (
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    PRIMARY KEY (digest_id, entry_id, date)
  );
  `,
  `
  CREATE TABLE daemon_lock (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE digest_slots (
    digest_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (digest_id, slot)
  );
  `,
  // Machine summaries: the cache (one row per key) and what each draft used (for accounting and the PR report).
  `
  CREATE TABLE summaries (
    key TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT NOT NULL,
    reason TEXT,
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    calls INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX summaries_entry ON summaries(entry_id);
  CREATE TABLE summary_uses (
    /*rowid*/
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    status TEXT NOT NULL,
    cache_hit INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    model TEXT,
    reason TEXT,
    PRIMARY KEY (digest_id, date, entry_id)
  );
  `,
  // The hash of a draft about to replace its file, recorded before the rename: a run killed between
  // the rename and saving the draft's record must not take feedwright's own file for an edit.
  `
  CREATE TABLE draft_pending (
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (digest_id, date)
  );
  `,
  // Full text of the items drafts show: one row per canonical URL (the page, its validators, the
  // extraction under the rules it was made with), and where each draft item's text came from.
  `
  CREATE TABLE articles (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    status TEXT NOT NULL,
    cause TEXT,
    detail TEXT,
    transient INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    html TEXT,
    rules TEXT,
    extracted TEXT,
    fetched_at TEXT NOT NULL
  );
  CREATE TABLE text_sources (
    /*rowid*/
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    source TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (digest_id, date, entry_id)
  );
  `,
  // store copy's progress in the store it fills (so an interrupted copy is resumed, not refused), and
  // the bytes of each written draft, so another machine on the same database can publish it.
  `
  CREATE TABLE store_copy (
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE draft_files (
    digest_id TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (digest_id, date)
  );
  `,
  // Per-feed claims of several daemons on one PostgreSQL store (store/claims.ts): who polls the feed
  // now, until when, the fencing token its writes must still carry, who polled it last, the host it
  // counts against (fetch.perHost across the fleet), each host's Retry-After, and who drafts a slot
  // until when (a dead daemon's slot is taken over once that passes).
  `
  ALTER TABLE feeds ADD COLUMN claim_owner TEXT;
  ALTER TABLE feeds ADD COLUMN claim_by TEXT;
  ALTER TABLE feeds ADD COLUMN claim_expires TEXT;
  ALTER TABLE feeds ADD COLUMN claim_token INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feeds ADD COLUMN polled_by TEXT;
  ALTER TABLE feeds ADD COLUMN claim_host TEXT;
  CREATE INDEX feeds_claim_host ON feeds(claim_host) WHERE claim_owner IS NOT NULL;
  CREATE TABLE host_waits (
    host TEXT PRIMARY KEY,
    until TEXT NOT NULL
  );
  ALTER TABLE digest_slots ADD COLUMN owner TEXT;
  ALTER TABLE digest_slots ADD COLUMN owner_by TEXT;
  ALTER TABLE digest_slots ADD COLUMN expires TEXT;
  `,
  // The hash of the last response body stored for a feed (pipeline/body-hash.ts): a server without
  // validators that sends the same bytes again costs one write, not a parse and an entries lookup.
  `
  ALTER TABLE feeds ADD COLUMN body_hash TEXT;
  `,
];

/**
 * A step as `dialect` runs it. PostgreSQL has no implicit rowid, which queries order by (a source's
 * and a use's insertion order): there it is an identity column. Text compares bytewise (COLLATE
 * "C"), as in SQLite, so ISO dates and ids sort the same whatever the database's locale.
 */
export function forDialect(step: string, dialect: Dialect): string {
  if (dialect === "sqlite") return step;
  return step
    .replace(/\bTEXT\b/g, 'TEXT COLLATE "C"')
    .replaceAll("/*rowid*/", "rowid BIGINT GENERATED BY DEFAULT AS IDENTITY,")
    .replace(/\bBLOB\b/g, "BYTEA");
}
