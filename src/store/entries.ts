/** Entries: one row per story, deduplicated by feed+guid, canonical URL, or feed+title+date (entry-upsert.ts). Reading them. */
import type { Entry, EntrySource } from "../types.ts";
import type { Sql } from "./db.ts";

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

async function sourcesOf(db: Sql, ids: readonly string[]): Promise<Map<string, EntrySource[]>> {
  const rows: SourceRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    rows.push(
      ...(await db.all<SourceRow>(
        `SELECT entry_id, feed_id, guid, link, title, first_seen FROM entry_sources
           WHERE entry_id IN (${chunk.map(() => "?").join(",")}) ORDER BY first_seen, rowid`,
        chunk,
      )),
    );
  }
  return groupSources(rows);
}

/** Every column of an entry (named: a table may gain columns other engines order differently). */
const ENTRY_COLUMNS =
  "id, feed_id, guid, url, link, title, summary, content_html, author, categories, published, published_is_first_seen, first_seen, content_hash, language";

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
export async function entriesBetween(
  db: Sql,
  from: string,
  to: string,
  opts: { content?: boolean } = {},
): Promise<Entry[]> {
  // Both at once: on a server they run on two connections (a week of a 1M-entry store: ~80 and
  // ~120 ms of server time). One join rather than one IN (…) query per 500 ids for the sources: a
  // week of a big store has tens of thousands of entries.
  const [rows, sourceRows] = await Promise.all([
    db.all<EntryRow>(
      `SELECT ${opts.content === false ? WITHOUT_CONTENT : ENTRY_COLUMNS} FROM entries
         WHERE published >= ? AND published < ? ORDER BY published DESC, id`,
      [from, to],
    ),
    db.all<SourceRow>(
      `SELECT s.entry_id, s.feed_id, s.guid, s.link, s.title, s.first_seen FROM entry_sources s
         JOIN entries e ON e.id = s.entry_id WHERE e.published >= ? AND e.published < ?
         ORDER BY s.first_seen, s.rowid`,
      [from, to],
    ),
  ]);
  const sources = groupSources(sourceRows);
  return rows.map((r) => toEntry(r, sources.get(r.id) ?? []));
}

/** The content HTML of the given entries, by id (one query per 500: a round trip each on a server). */
export async function contentOf(db: Sql, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.all<{ id: string; content_html: string }>(
      `SELECT id, content_html FROM entries WHERE id IN (${chunk.map(() => "?").join(",")})`,
      chunk,
    );
    for (const r of rows) out.set(r.id, r.content_html);
  }
  return out;
}

/** Entries by id (in the given order; unknown ids are skipped). */
export async function entriesById(db: Sql, ids: readonly string[]): Promise<Entry[]> {
  const sources = await sourcesOf(db, ids);
  const out: Entry[] = [];
  for (const id of ids) {
    const r = await db.get<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = ?`, [id]);
    if (r) out.push(toEntry(r, sources.get(id) ?? []));
  }
  return out;
}

/** How many entries the store holds. */
export async function countEntries(db: Sql): Promise<number> {
  return (await db.get<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM entries"))!.n;
}
