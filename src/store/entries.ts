/** Entries: one row per story, deduplicated by feed+guid, canonical URL, or feed+title+date (entry-upsert.ts). Reading them. */
import type { Entry, EntrySource } from "../types.ts";
import type { Db } from "./sqlite/db.ts";

interface EntryRow {
  id: string;
  feed_id: string;
  guid: string | null;
  url: string | null;
  link: string | null;
  title: string;
  summary: string;
  content_html: string;
  author: string | null;
  categories: string;
  published: string;
  published_is_first_seen: number;
  first_seen: string;
  content_hash: string;
  language: string | null;
}

interface SourceRow {
  entry_id: string;
  feed_id: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  first_seen: string;
}

export { type UpsertResult, upsertEntries } from "./entry-upsert.ts";

function toEntry(r: EntryRow, sources: EntrySource[]): Entry {
  return {
    id: r.id,
    feedId: r.feed_id,
    guid: r.guid,
    url: r.url,
    link: r.link,
    title: r.title,
    summary: r.summary,
    contentHtml: r.content_html,
    author: r.author,
    categories: JSON.parse(r.categories) as string[],
    published: r.published,
    publishedIsFirstSeen: r.published_is_first_seen === 1,
    firstSeen: r.first_seen,
    contentHash: r.content_hash,
    language: r.language,
    sources,
  };
}

function sourcesOf(db: Db, ids: readonly string[]): Map<string, EntrySource[]> {
  const rows: SourceRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    rows.push(
      ...(db
        .stmt(
          `SELECT entry_id, feed_id, guid, link, title, first_seen FROM entry_sources
           WHERE entry_id IN (${chunk.map(() => "?").join(",")}) ORDER BY first_seen, rowid`,
        )
        .all(...chunk) as unknown as SourceRow[]),
    );
  }
  return groupSources(rows);
}

/** Every column but content_html, which selection never reads and which is most of a row's bytes. */
const WITHOUT_CONTENT =
  "id, feed_id, guid, url, link, title, summary, '' AS content_html, author, categories, published, published_is_first_seen, first_seen, content_hash, language";

function groupSources(rows: SourceRow[]): Map<string, EntrySource[]> {
  const out = new Map<string, EntrySource[]>();
  for (const s of rows) {
    const list = out.get(s.entry_id) ?? [];
    if (!list.some((x) => x.feedId === s.feed_id)) {
      list.push({ feedId: s.feed_id, guid: s.guid, link: s.link, title: s.title, firstSeen: s.first_seen });
    }
    out.set(s.entry_id, list);
  }
  return out;
}

/**
 * Entries published in [from, to) (UTC ISO), newest first, with their sources. With
 * `content: false` their contentHtml is "" (fill in the few that need it with contentOf()).
 */
export function entriesBetween(db: Db, from: string, to: string, opts: { content?: boolean } = {}): Entry[] {
  const rows = db
    .stmt(
      `SELECT ${opts.content === false ? WITHOUT_CONTENT : "*"} FROM entries
       WHERE published >= ? AND published < ? ORDER BY published DESC, id`,
    )
    .all(from, to) as unknown as EntryRow[];
  // One join rather than one IN (…) query per 500 ids: a week of a big store has tens of thousands.
  const sources = groupSources(
    db
      .stmt(
        `SELECT s.entry_id, s.feed_id, s.guid, s.link, s.title, s.first_seen FROM entry_sources s
         JOIN entries e ON e.id = s.entry_id WHERE e.published >= ? AND e.published < ?
         ORDER BY s.first_seen, s.rowid`,
      )
      .all(from, to) as unknown as SourceRow[],
  );
  return rows.map((r) => toEntry(r, sources.get(r.id) ?? []));
}

/** The content HTML of the given entries, by id. */
export function contentOf(db: Db, ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    const r = db.stmt("SELECT content_html FROM entries WHERE id = ?").get(id) as
      | { content_html: string }
      | undefined;
    if (r) out.set(id, r.content_html);
  }
  return out;
}

/** Entries by id (in the given order; unknown ids are skipped). */
export function entriesById(db: Db, ids: readonly string[]): Entry[] {
  const sources = sourcesOf(db, ids);
  return ids.flatMap((id) => {
    const r = db.stmt("SELECT * FROM entries WHERE id = ?").get(id) as EntryRow | undefined;
    return r ? [toEntry(r, sources.get(id) ?? [])] : [];
  });
}

/** How many entries the store holds. */
export function countEntries(db: Db): number {
  return (db.stmt("SELECT count(*) AS n FROM entries").get() as { n: number }).n;
}
