/** Full-text pages, one row per canonical URL, and where each draft item's text came from. Async for the PostgreSQL engine. */
import type { Sql } from "./db.ts";

/** A stored page (or the failure to get it) for one canonical URL. */
export interface StoredArticle {
  /** The entry's canonical URL. */
  url: string;
  /** Where the page came from after redirects. */
  finalUrl: string | null;
  status: "page" | "failed";
  /** A failure's short cause ("403", "timeout", …) and its details. */
  cause: string | null;
  detail: string | null;
  /** A failure a later draft may retry (timeouts, 5xx); others wait for --refresh-full-text. */
  transient: boolean;
  etag: string | null;
  lastModified: string | null;
  /** The decoded page, kept so a change of selector rules re-extracts without a request. */
  html: string | null;
  /** The rules `extracted` was made with (selector and removals), as a key. */
  rules: string | null;
  /** The extraction as JSON ("null" when the page held no article), or null when not extracted yet. */
  extracted: string | null;
  fetchedAt: string;
}

interface Row {
  url: string;
  final_url: string | null;
  status: string;
  cause: string | null;
  detail: string | null;
  transient: number;
  etag: string | null;
  last_modified: string | null;
  html: string | null;
  rules: string | null;
  extracted: string | null;
  fetched_at: string;
}

/** The stored pages for these canonical URLs. */
export async function getArticles(db: Sql, urls: readonly string[]): Promise<Map<string, StoredArticle>> {
  const out = new Map<string, StoredArticle>();
  for (const url of new Set(urls)) {
    const r = await db.get<Row>("SELECT * FROM articles WHERE url = ?", [url]);
    if (!r) continue;
    out.set(url, {
      url: r.url,
      finalUrl: r.final_url,
      status: r.status === "page" ? "page" : "failed",
      cause: r.cause,
      detail: r.detail,
      transient: r.transient === 1,
      etag: r.etag,
      lastModified: r.last_modified,
      html: r.html,
      rules: r.rules,
      extracted: r.extracted,
      fetchedAt: r.fetched_at,
    });
  }
  return out;
}

/** Store (or replace) the pages of a draft, in one transaction. */
export async function putArticles(db: Sql, articles: readonly StoredArticle[]): Promise<void> {
  if (articles.length === 0) return;
  await db.tx(async (q) => {
    for (const a of articles) {
      await q.run(
        `INSERT INTO articles (url, final_url, status, cause, detail, transient, etag, last_modified, html, rules,
           extracted, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, status = excluded.status,
           cause = excluded.cause, detail = excluded.detail, transient = excluded.transient, etag = excluded.etag,
           last_modified = excluded.last_modified, html = excluded.html, rules = excluded.rules,
           extracted = excluded.extracted, fetched_at = excluded.fetched_at`,
        [
          a.url,
          a.finalUrl,
          a.status,
          a.cause,
          a.detail,
          a.transient ? 1 : 0,
          a.etag,
          a.lastModified,
          a.html,
          a.rules,
          a.extracted,
          a.fetchedAt,
        ],
      );
    }
  });
}

/** Where one draft item's text came from: "feed text", "full text, extracted", "full text refused: …", "full text failed: …". */
export interface TextSource {
  entryId: string;
  source: string;
  /** Why: the teaser test, the rule that extracted it, the failure's details. */
  detail: string;
}

/** Replace the text sources of a digest's draft for `date`. */
export async function recordTextSources(
  db: Sql,
  digestId: string,
  date: string,
  sources: readonly TextSource[],
): Promise<void> {
  await db.tx(async (q) => {
    await q.run("DELETE FROM text_sources WHERE digest_id = ? AND date = ?", [digestId, date]);
    for (const s of sources)
      await q.run(
        `INSERT INTO text_sources (digest_id, date, entry_id, source, detail) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (digest_id, date, entry_id) DO UPDATE SET source = excluded.source, detail = excluded.detail`,
        [digestId, date, s.entryId, s.source, s.detail],
      );
  });
}

/** The text sources of the last draft of `digestId` for `date`, in draft order. */
export async function textSourceReport(db: Sql, digestId: string, date: string): Promise<TextSource[]> {
  const rows = await db.all<{ entry_id: string; source: string; detail: string }>(
    "SELECT entry_id, source, detail FROM text_sources WHERE digest_id = ? AND date = ? ORDER BY rowid",
    [digestId, date],
  );
  return rows.map((r) => ({ entryId: r.entry_id, source: r.source, detail: r.detail }));
}
