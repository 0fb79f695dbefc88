/** Every table `store copy` carries, in an order that satisfies foreign keys, with the key it pages by. */

/** A table: its columns (rowid where insertion order matters) and the unique key copying goes by. */
export interface CopyTable {
  name: string;
  columns: readonly string[];
  key: readonly string[];
}

/** Tables that are the store's own bookkeeping, never copied. */
export const NOT_COPIED = new Set(["feedwright_schema", "store_copy"]);

/** The tables, parents first. A table missing here makes a copy refuse rather than skip it. */
export const COPY_TABLES: readonly CopyTable[] = [
  {
    name: "feeds",
    columns: [
      "feed_id",
      "configured_url",
      "url",
      "title",
      "etag",
      "last_modified",
      "last_attempt",
      "last_success",
      "last_status",
      "last_error",
      "consecutive_failures",
      "next_poll",
      "gone",
      "entries_seen",
      "last_poll_oldest_item",
      "body_hash",
      // Who polled it last; the live claim (claim_*) is not carried: no process holds it in the copy.
      "polled_by",
    ],
    key: ["feed_id"],
  },
  {
    name: "entries",
    columns: [
      "id",
      "feed_id",
      "guid",
      "url",
      "link",
      "title",
      "summary",
      "content_html",
      "author",
      "categories",
      "published",
      "published_is_first_seen",
      "first_seen",
      "content_hash",
      "language",
    ],
    key: ["id"],
  },
  {
    name: "entry_sources",
    columns: ["rowid", "entry_id", "feed_id", "guid", "fallback_key", "link", "title", "first_seen"],
    key: ["rowid"],
  },
  {
    name: "drafts",
    columns: ["digest_id", "date", "path", "entry_ids", "content_hash", "written_at"],
    key: ["digest_id", "date"],
  },
  {
    name: "draft_entries",
    columns: ["digest_id", "date", "entry_id"],
    key: ["digest_id", "entry_id", "date"],
  },
  {
    name: "draft_pending",
    columns: ["digest_id", "date", "path", "content_hash"],
    key: ["digest_id", "date"],
  },
  { name: "draft_files", columns: ["digest_id", "date", "path", "content"], key: ["digest_id", "date"] },
  {
    name: "articles",
    columns: [
      "url",
      "final_url",
      "status",
      "cause",
      "detail",
      "transient",
      "etag",
      "last_modified",
      "html",
      "rules",
      "extracted",
      "fetched_at",
    ],
    key: ["url"],
  },
  {
    name: "text_sources",
    columns: ["rowid", "digest_id", "date", "entry_id", "source", "detail"],
    key: ["rowid"],
  },
  {
    name: "daemon_lock",
    columns: ["name", "owner", "pid", "host", "acquired_at", "heartbeat_at", "expires_at"],
    key: ["name"],
  },
  {
    name: "digest_slots",
    // Who drafted it; a live slot lease (owner, expires) is not carried.
    columns: ["digest_id", "slot", "date", "status", "detail", "started_at", "finished_at", "owner_by"],
    key: ["digest_id", "slot"],
  },
  { name: "host_waits", columns: ["host", "until"], key: ["host"] },
  {
    name: "summaries",
    columns: [
      "key",
      "entry_id",
      "model",
      "prompt_version",
      "language",
      "status",
      "result",
      "reason",
      "digest_id",
      "date",
      "calls",
      "prompt_tokens",
      "completion_tokens",
      "created_at",
    ],
    key: ["key"],
  },
  {
    name: "summary_uses",
    columns: [
      "rowid",
      "digest_id",
      "date",
      "entry_id",
      "status",
      "cache_hit",
      "calls",
      "prompt_tokens",
      "completion_tokens",
      "model",
      "reason",
    ],
    key: ["rowid"],
  },
];
