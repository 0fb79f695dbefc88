/** The variables a digest template sees (printed by `feedwright template`). */

import { truncateAtSentence } from "../sentences.ts";
import type { Candidate, SelectedItem, Selection } from "./select.ts";
import { cleanSummary, safeUrl } from "./text.ts";
import { localDate } from "./window.ts";

/** Another feed that reported the same story. */
export interface AlsoView {
  feedId: string;
  /** The feed's display name. */
  name: string;
  title: string;
  link: string;
}

/** One `###` item. */
export interface ItemView {
  /** The store's entry id (also in the item's marker comment). */
  id: string;
  /** The heading: the feed's title, or a machine-written one in the digest's language. */
  title: string;
  /** The article's own title, for the Source line. */
  sourceTitle: string;
  summary: string;
  /** Canonical link. */
  link: string;
  feedId: string;
  feedName: string;
  author: string | null;
  published: string;
  /** The publication day in the digest's time zone. */
  day: string;
  tags: string[];
  alsoReportedBy: AlsoView[];
  /** Comment lines for the editor (e.g. which model wrote the summary); rendered as HTML comments. */
  notes: string[];
}

/** A `##` section; the default section has `heading: null`. */
export interface SectionView {
  heading: string | null;
  items: ItemView[];
}

/** An entry left out, listed in the closing comment so the editor can pull it in. */
export interface CandidateView {
  id: string;
  title: string;
  link: string;
  feedId: string;
  day: string;
  reason: string;
}

/** Everything a template can use. */
export interface DigestView {
  digest: { id: string; title: string; language: string };
  /** The front matter title. */
  title: string;
  /** A subtitle suggested for the title, or null. */
  subtitle: string | null;
  /** The draft date (YYYY-MM-DD). */
  date: string;
  window: { from: string; to: string; days: number };
  /** A suggested intro paragraph, or null (the template leaves a placeholder). */
  intro: string | null;
  /** Suggested themes for the analysis (shown inside a comment), possibly empty. */
  themes: string[];
  items: ItemView[];
  sections: SectionView[];
  candidates: CandidateView[];
  tags: string[];
  /** The primary source of the top item. */
  source: string | null;
  /** Comment lines about the whole draft (e.g. which model suggested the intro). */
  notes: string[];
}

/** What building the view needs beyond the selection. */
export interface ViewOptions {
  digest: {
    id: string;
    title: string;
    language: string;
    tags: readonly string[];
    summaryLength: number;
    sections: readonly { heading: string; tags: readonly string[] }[];
  };
  date: string;
  windowFrom: string;
  timezone: string;
  windowDays: number;
  feedNames: ReadonlyMap<string, string>;
}

function item(s: SelectedItem, o: ViewOptions): ItemView {
  const e = s.entry;
  const name = (id: string) => o.feedNames.get(id) ?? id;
  const also: AlsoView[] = [];
  const seen = new Set([e.feedId]);
  for (const x of [...s.others, e]) {
    for (const src of x.sources) {
      if (seen.has(src.feedId)) continue;
      seen.add(src.feedId);
      const link = safeUrl(x === e ? (src.link ?? e.url) : (x.url ?? src.link));
      if (link) also.push({ feedId: src.feedId, name: name(src.feedId), title: src.title ?? x.title, link });
    }
  }
  return {
    id: e.id,
    title: e.title,
    sourceTitle: e.title,
    summary: truncateAtSentence(cleanSummary(e.summary), o.digest.summaryLength),
    link: safeUrl(e.url ?? e.link),
    feedId: e.feedId,
    feedName: name(e.feedId),
    author: e.author,
    published: e.published,
    day: localDate(new Date(e.published), o.timezone),
    tags: s.tags,
    alsoReportedBy: also,
    notes: [],
  };
}

function candidate(c: Candidate, tz: string): CandidateView {
  const e = c.entry;
  return {
    id: e.id,
    title: e.title,
    link: safeUrl(e.url ?? e.link),
    feedId: e.feedId,
    day: localDate(new Date(e.published), tz),
    reason: c.reason,
  };
}

/** Tags of the items ordered by frequency (ties: first appearance), then the digest's own. */
function frontTags(items: ItemView[], own: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const i of items) for (const t of i.tags) count.set(t, (count.get(t) ?? 0) + 1);
  const ordered = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)!);
  return [...new Set([...ordered, ...own])];
}

/** Build the template variables for a selection. */
export function buildView(sel: Selection, o: ViewOptions): DigestView {
  const items = sel.items.map((s) => item(s, o));
  const sections: SectionView[] = o.digest.sections.map((s) => ({ heading: s.heading, items: [] }));
  const rest: ItemView[] = [];
  for (const it of items) {
    const i = o.digest.sections.findIndex((s) => s.tags.some((t) => it.tags.includes(t)));
    if (i >= 0) sections[i]!.items.push(it);
    else rest.push(it);
  }
  const zh = o.digest.language.toLowerCase().startsWith("zh");
  return {
    digest: { id: o.digest.id, title: o.digest.title, language: o.digest.language },
    title: zh ? `${o.digest.title}（${o.date}）` : `${o.digest.title} — ${o.date}`,
    subtitle: null,
    date: o.date,
    window: { from: o.windowFrom, to: o.date, days: o.windowDays },
    intro: null,
    themes: [],
    items,
    sections: [{ heading: null, items: rest }, ...sections].filter((s) => s.items.length > 0),
    candidates: sel.candidates.map((c) => candidate(c, o.timezone)),
    tags: frontTags(items, o.digest.tags),
    source: items[0]?.link || null,
    notes: [],
  };
}
