/** One draft: select → view → render → write, with the record that protects an editor's edits. */
import { existsSync, readFileSync } from "node:fs";
import type { Config, DigestConfig } from "../config.ts";
import { clusterStoriesParallel } from "../digest/cluster.ts";
import { applyEdits, readItemMarkers } from "../digest/edits.ts";
import { frontMatter } from "../digest/frontmatter.ts";
import { builtinTemplate, loadTemplate, type Template } from "../digest/render.ts";
import { type Selection, selectItemsAsync } from "../digest/select.ts";
import { compileTagRules } from "../digest/tag.ts";
import { buildView, type DigestView } from "../digest/view.ts";
import { addDays, draftWindow } from "../digest/window.ts";
import { hashText, outputPath, type WriteResult, writeDraftFile } from "../digest/write.ts";
import type { Db } from "../store/db.ts";
import { clearPending, getDraft, markPending, ownHashes, saveDraft, usedBefore } from "../store/drafts.ts";
import { contentOf, entriesBetween } from "../store/entries.ts";
import type { FullTextOptions, FullTextReport } from "./full-text.ts";
import { applyFullText } from "./full-text-view.ts";
import { withFullText } from "./with-full-text.ts";

/** A rendered draft, before it is written. */
export interface PreparedDraft {
  digest: DigestConfig;
  date: string;
  path: string;
  text: string;
  view: DigestView;
  selection: Selection;
  entryIds: string[];
  /** The full-text step's result, or null when it did not run (not asked for, or `never` for every item). */
  fullText: FullTextReport | null;
}

/** Load the digest's template (config path or the built-in one for its language); AppError TEMPLATE on error. */
export function templateFor(config: Config, digest: DigestConfig): Template {
  return loadTemplate(digest.template ?? builtinTemplate(digest.language), config.timezone, digest.language);
}

/**
 * The editor's choices in an edited draft file (one whose bytes differ from what feedwright last
 * wrote): the item ids still present, in their order, and the ids feedwright had put in it.
 */
async function editorChoices(
  db: Db,
  digest: DigestConfig,
  date: string,
): Promise<{ present: string[]; previous: Set<string> } | null> {
  const path = outputPath(digest.output, digest.id, date);
  const record = await getDraft(db, digest.id, date);
  if (!record || record.path !== path || !existsSync(path)) return null;
  const text = readFileSync(path, "utf8");
  if ((await ownHashes(db, digest.id, date, path)).includes(hashText(text))) return null;
  return { present: readItemMarkers(text), previous: new Set(record.entryIds) };
}

/** Select the digest's entries for `date` and build the template variables; an editor's deletions and order are kept unless `ignoreEdits`. */
export async function prepareView(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  opts: { ignoreEdits?: boolean } = {},
): Promise<{ view: DigestView; selection: Selection }> {
  const { from, to } = draftWindow(date, digest.windowDays, config.timezone);
  const entries = await entriesBetween(db, from.toISOString(), to.toISOString(), { content: false });
  const fresh = await selectItemsAsync(entries, {
    feeds: config.feeds,
    tagRules: compileTagRules(config.tags),
    include: digest.include,
    exclude: digest.exclude,
    maxItems: digest.maxItems,
    maxPerFeed: digest.maxPerFeed,
    usedBefore: await usedBefore(db, digest.id, date),
    windowEnd: to,
    windowDays: digest.windowDays,
    // Large windows (20k+ entries) tokenize in worker threads; the groups are the same either way.
    cluster: (list) => clusterStoriesParallel(list),
  });
  const edits = opts.ignoreEdits ? null : await editorChoices(db, digest, date);
  const selection = edits ? applyEdits(fresh, edits.present, edits.previous, digest.maxItems) : fresh;
  // Only the chosen stories need their article text (machine summaries read it).
  const content = await contentOf(
    db,
    selection.items.map((i) => i.entry.id),
  );
  for (const item of selection.items) item.entry.contentHtml = content.get(item.entry.id) ?? "";
  const view = buildView(selection, {
    digest,
    date,
    windowFrom: addDays(date, 1 - digest.windowDays),
    timezone: config.timezone,
    windowDays: digest.windowDays,
    feedNames: new Map(config.feeds.map((f) => [f.id, f.title ?? f.id])),
  });
  return { view, selection };
}

/** Render the front matter and body of a view. */
export function renderText(digest: DigestConfig, view: DigestView, template: Template): string {
  const fm: Record<string, unknown> = {
    ...digest.frontMatter,
    title: typeof digest.frontMatter.title === "string" ? digest.frontMatter.title : view.title,
    date: view.date,
    source: view.source ?? undefined,
    tags: view.tags,
  };
  const body = template
    .render(view)
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
  return `${frontMatter(fm)}\n${body}\n`;
}

/** Rewrites a view before rendering (e.g. machine-written titles and summaries). */
export type ViewEnricher = (
  view: DigestView,
  selection: Selection,
  digest: DigestConfig,
) => Promise<DigestView>;

/** Everything up to the bytes of the draft; nothing is written. */
export async function prepareDraft(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  template: Template,
  enrich?: ViewEnricher,
  opts: { ignoreEdits?: boolean; fullText?: FullTextOptions } = {},
): Promise<PreparedDraft> {
  const prepared = await prepareView(config, db, digest, date, opts);
  const selection = prepared.selection;
  const fullText = await withFullText(config, db, digest, date, prepared, opts.fullText);
  const before = fullText
    ? applyFullText(prepared.view, selection, fullText, digest.summaryLength)
    : prepared.view;
  const view = enrich && before.items.length > 0 ? await enrich(before, selection, digest) : before;
  return {
    digest,
    date,
    path: outputPath(digest.output, digest.id, date),
    text: renderText(digest, view, template),
    view,
    selection,
    entryIds: selection.items.flatMap((i) => [i.entry.id, ...i.others.map((o) => o.id)]),
    fullText,
  };
}

/** Write a prepared draft (protecting edits) and record it. */
export async function commitDraft(db: Db, d: PreparedDraft, now: Date, force: boolean): Promise<WriteResult> {
  const own = await ownHashes(db, d.digest.id, d.date, d.path);
  const hash = hashText(d.text);
  await markPending(db, d.digest.id, d.date, d.path, hash);
  const result = writeDraftFile(d.path, d.text, own, force);
  if (result.outcome === "kept-edits") await clearPending(db, d.digest.id, d.date);
  else {
    await saveDraft(
      db,
      {
        digestId: d.digest.id,
        date: d.date,
        path: d.path,
        entryIds: d.entryIds,
        contentHash: hash,
        writtenAt: now.toISOString(),
      },
      new TextEncoder().encode(d.text),
    );
  }
  return result;
}
