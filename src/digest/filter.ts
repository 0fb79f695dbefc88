/** Include/exclude rules of feeds and digests, compiled once per draft, with the reason an entry fails them. */
import type { Entry } from "../types.ts";
import { compilePatterns, type Matcher } from "./match.ts";

/** Per-feed settings selection reads. */
export interface SelectFeed {
  id: string;
  title?: string | undefined;
  tags: readonly string[];
  priority: number;
  aggregator: boolean;
  include: readonly string[];
  exclude: readonly string[];
  categoryTags: Readonly<Record<string, string>>;
}

/** A digest's filters on tags, feeds and keywords. */
export interface DigestFilter {
  tags: readonly string[];
  feeds: readonly string[];
  keywords: readonly string[];
}

const text = (e: Entry) => [e.title, e.summary, ...e.categories].join("\n");

function reasonOf(
  e: Entry,
  tags: readonly string[],
  feed: SelectFeed | undefined,
  o: { include?: DigestFilter | undefined; exclude?: DigestFilter | undefined },
  m: Matchers,
): string | null {
  if (feed) {
    const fm = m.feeds.get(feed.id)!;
    if (fm.include && !fm.include.matches(text(e))) return `filtered: matches no include of feed ${feed.id}`;
    const ex = fm.exclude?.find(text(e));
    if (ex) return `filtered: exclude ${JSON.stringify(ex)} of feed ${feed.id}`;
  }
  const inc = o.include;
  if (inc) {
    if (inc.feeds.length && !e.sources.some((s) => inc.feeds.includes(s.feedId)))
      return "filtered: feed not in the digest's include.feeds";
    if (inc.tags.length && !tags.some((t) => inc.tags.includes(t)))
      return "filtered: no tag in the digest's include.tags";
    if (m.include && !m.include.matches(text(e)))
      return "filtered: matches no keyword in the digest's include.keywords";
  }
  const exc = o.exclude;
  if (exc) {
    if (exc.feeds.length && exc.feeds.includes(e.feedId))
      return `filtered: feed ${e.feedId} in the digest's exclude.feeds`;
    const t = tags.find((x) => exc.tags.includes(x));
    if (t) return `filtered: tag ${t} in the digest's exclude.tags`;
    const k = m.exclude?.find(text(e));
    if (k) return `filtered: keyword ${JSON.stringify(k)} in the digest's exclude.keywords`;
  }
  return null;
}

interface Matchers {
  feeds: Map<string, { include: Matcher | null; exclude: Matcher | null }>;
  include: Matcher | null;
  exclude: Matcher | null;
}

function compile(
  feedList: readonly SelectFeed[],
  o: { include?: DigestFilter | undefined; exclude?: DigestFilter | undefined },
): Matchers {
  const feeds = new Map(
    feedList.map((f, i) => [
      f.id,
      {
        include: f.include.length ? compilePatterns(f.include, `feeds[${i}].include`) : null,
        exclude: f.exclude.length ? compilePatterns(f.exclude, `feeds[${i}].exclude`) : null,
      },
    ]),
  );
  const kw = (f: DigestFilter | undefined, where: string) =>
    f?.keywords.length ? compilePatterns(f.keywords, where) : null;
  return { feeds, include: kw(o.include, "include.keywords"), exclude: kw(o.exclude, "exclude.keywords") };
}

/** Compiled filters: `reason()` is null when an entry passes, else why it was filtered out. */
export interface Filters {
  reason(e: Entry, tags: readonly string[], feed: SelectFeed | undefined): string | null;
}

/** Compile the feeds' and the digest's include/exclude rules (AppError CONFIG for a bad pattern). */
export function compileFilters(
  feeds: readonly SelectFeed[],
  include: DigestFilter | undefined,
  exclude: DigestFilter | undefined,
): Filters {
  const o = { include, exclude };
  const m = compile(feeds, o);
  return { reason: (e, tags, feed) => reasonOf(e, tags, feed, o, m) };
}
