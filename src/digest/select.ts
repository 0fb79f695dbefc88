/** Which stored entries a digest shows: filters, story clusters, ranking, limits, and why the rest were left out. */
import type { Entry } from "../types.ts";
import { compileFilters, type DigestFilter, type SelectFeed } from "./filter.ts";
import { rankScore } from "./rank.ts";
import { type CompiledTagRules, tagEntry } from "./tag.ts";

export type { DigestFilter, SelectFeed };

/** Everything selection needs; no I/O. */
export interface SelectOptions {
  feeds: readonly SelectFeed[];
  tagRules: CompiledTagRules;
  include?: DigestFilter | undefined;
  exclude?: DigestFilter | undefined;
  maxItems: number;
  maxPerFeed?: number | undefined;
  /** Entry id → date of an earlier draft of this digest that used it. */
  usedBefore: ReadonlyMap<string, string>;
  /** The end of the window (exclusive), for recency. */
  windowEnd: Date;
  windowDays: number;
  /** Groups entry ids into stories; every id in exactly one group (may be async: large windows cluster in workers). */
  cluster: (entries: readonly Entry[]) => string[][] | Promise<string[][]>;
}

/** A story in the digest: its primary entry, the other entries that reported it, its tags. */
export interface SelectedItem {
  entry: Entry;
  others: Entry[];
  tags: string[];
  score: number;
}

/** An entry in the window that is not in the digest, and why. */
export interface Candidate {
  entry: Entry;
  tags: string[];
  reason: string;
}

/** The outcome of selection. */
export interface Selection {
  items: SelectedItem[];
  candidates: Candidate[];
  /** Stories ranked below the cut (also listed in candidates), in ranking order. */
  rest: SelectedItem[];
}

/**
 * Code-point order: ISO dates, ids and URLs are ASCII, and localeCompare would load ICU collation
 * (tens of MB in a long-running daemon) for nothing.
 */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The primary entry of a story: feed priority, then original publisher over aggregator, then earliest. */
function primaryOf(group: Entry[], feeds: Map<string, SelectFeed>): Entry {
  return [...group].sort((a, b) => {
    const fa = feeds.get(a.feedId);
    const fb = feeds.get(b.feedId);
    return (
      (fb?.priority ?? 0) - (fa?.priority ?? 0) ||
      Number(fa?.aggregator ?? false) - Number(fb?.aggregator ?? false) ||
      cmp(a.published, b.published) ||
      cmp(a.url ?? a.id, b.url ?? b.id)
    );
  })[0]!;
}

/** The entries that pass the filters (to be clustered) and those that do not, with every entry's tags. */
interface Screened {
  feeds: Map<string, SelectFeed>;
  eligible: Entry[];
  candidates: Candidate[];
  tagsOf: Map<string, string[]>;
}

function screen(entries: readonly Entry[], o: SelectOptions): Screened {
  const feeds = new Map(o.feeds.map((f) => [f.id, f]));
  const filters = compileFilters(o.feeds, o.include, o.exclude);
  const candidates: Candidate[] = [];
  const tagsOf = new Map<string, string[]>();
  const eligible: Entry[] = [];
  for (const e of entries) {
    const feed = feeds.get(e.feedId);
    const feedTags = [...new Set(e.sources.flatMap((s) => feeds.get(s.feedId)?.tags ?? []))];
    const tags = tagEntry(e, o.tagRules, feedTags.length ? feedTags : (feed?.tags ?? []), feed?.categoryTags);
    tagsOf.set(e.id, tags);
    const used = o.usedBefore.get(e.id);
    const reason = used ? `already used on ${used}` : filters.reason(e, tags, feed);
    if (reason) candidates.push({ entry: e, tags, reason });
    else eligible.push(e);
  }
  return { feeds, eligible, candidates, tagsOf };
}

/** Select a digest's items from the entries of its window. Deterministic for the same input. */
export function selectItems(entries: readonly Entry[], o: SelectOptions): Selection {
  const s = screen(entries, o);
  const groups = o.cluster(s.eligible);
  if (groups instanceof Promise)
    throw new Error("selectItems needs a synchronous cluster function; use selectItemsAsync");
  return rank(s, groups, o);
}

/** selectItems for a cluster function that may be asynchronous. */
export async function selectItemsAsync(entries: readonly Entry[], o: SelectOptions): Promise<Selection> {
  const s = screen(entries, o);
  return rank(s, await o.cluster(s.eligible), o);
}

/** Stories from groups: primary entry, score, order, limits; the rest become candidates with reasons. */
function rank(
  { feeds, eligible, candidates, tagsOf }: Screened,
  groups: string[][],
  o: SelectOptions,
): Selection {
  const byId = new Map(eligible.map((e) => [e.id, e]));
  const stories: SelectedItem[] = groups.map((ids) => {
    const group = ids.map((id) => byId.get(id)!);
    const entry = primaryOf(group, feeds);
    const others = group.filter((x) => x !== entry).sort((a, b) => cmp(a.published, b.published));
    const tags = [...new Set(group.flatMap((x) => tagsOf.get(x.id) ?? []))];
    const sources = new Set(group.flatMap((x) => x.sources.map((s) => s.feedId))).size;
    const score = rankScore({
      priority: feeds.get(entry.feedId)?.priority ?? 0,
      sources,
      published: entry.published,
      windowEnd: o.windowEnd,
      windowDays: o.windowDays,
    });
    for (const other of others)
      candidates.push({
        entry: other,
        tags: tagsOf.get(other.id) ?? [],
        reason: `duplicate of "${entry.title}"`,
      });
    return { entry, others, tags, score };
  });
  stories.sort(
    (a, b) =>
      b.score - a.score ||
      cmp(b.entry.published, a.entry.published) ||
      cmp(a.entry.url ?? a.entry.id, b.entry.url ?? b.entry.id),
  );
  const items: SelectedItem[] = [];
  const rest: SelectedItem[] = [];
  const perFeed = new Map<string, number>();
  for (const s of stories) {
    const n = perFeed.get(s.entry.feedId) ?? 0;
    if (o.maxPerFeed !== undefined && n >= o.maxPerFeed) {
      candidates.push({
        entry: s.entry,
        tags: s.tags,
        reason: `below the cut: maxPerFeed ${o.maxPerFeed} for ${s.entry.feedId}`,
      });
      rest.push(s);
    } else if (items.length >= o.maxItems) {
      candidates.push({ entry: s.entry, tags: s.tags, reason: `below the cut: maxItems ${o.maxItems}` });
      rest.push(s);
    } else {
      items.push(s);
      perFeed.set(s.entry.feedId, n + 1);
    }
  }
  candidates.sort((a, b) => cmp(b.entry.published, a.entry.published) || cmp(a.entry.id, b.entry.id));
  return { items, candidates, rest };
}
