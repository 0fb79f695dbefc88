/** Full text into a draft: the model's input, a lead summary for teasers, and each item's text-source note. */
import { hash } from "node:crypto";
import type { Config } from "../config.ts";
import type { Selection } from "../digest/select.ts";
import { cleanSummary } from "../digest/text.ts";
import type { DigestView, ItemView } from "../digest/view.ts";
import { escapeHtml } from "../reader/html/text.ts";
import { truncateAtSentence } from "../sentences.ts";
import type { FullTextReport } from "./full-text.ts";

/** The full-text setting of the feed an entry came from (the feed's own, else `fetch:`). */
export function fullTextMode(config: Config, feedId: string): "auto" | "always" | "never" {
  return config.feeds.find((f) => f.id === feedId)?.fullText ?? config.fetch.fullText;
}

/** Paragraphs of plain text as HTML, so the model's input (pipeline/summarize/source-text.ts) keeps the article's paragraph breaks. */
function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("\n");
}

/** The article's opening, cut at a sentence boundary: the summary of a teaser item without a model. */
function leadSummary(a: { title: string | null; text: string }, entryTitle: string, max: number): string {
  const same = (p: string, t: string | null) =>
    t !== null && p.replace(/\s+/g, " ") === t.replace(/\s+/g, " ").trim();
  const paras = a.text.split(/\n\s*\n/).map((p) => p.trim());
  // Pages often repeat their headline as the article's first line: it is not the lead.
  while (paras.length > 1 && (same(paras[0]!, a.title) || same(paras[0]!, entryTitle) || paras[0] === ""))
    paras.shift();
  return truncateAtSentence(cleanSummary(paras.join(" ").replace(/\s+/g, " ")), max);
}

/**
 * Rewrite the view and selection with each item's text: the note saying where it came from; for
 * extracted articles the entry's content (what the model summarizes and grounding checks) and a
 * content hash that tells cached answers to the teaser apart; and, when the feed text is a teaser,
 * a summary cut from the article's lead (a model's summary, if any, replaces it later).
 */
export function applyFullText(
  view: DigestView,
  selection: Pick<Selection, "items">,
  report: FullTextReport,
  summaryLength: number,
): DigestView {
  for (const item of selection.items) {
    const article = report.items.get(item.entry.id)?.article;
    if (!article) continue;
    const e = item.entry;
    item.entry = {
      ...e,
      contentHtml: paragraphsHtml(article.text),
      contentHash: hash("sha256", `${e.contentHash}\nfull text\n${article.text}`).slice(0, 32),
    };
  }
  const rewrite = (it: ItemView): ItemView => {
    const t = report.items.get(it.id);
    if (!t) return it;
    const lead = t.article && t.teaser ? leadSummary(t.article, it.sourceTitle, summaryLength) : null;
    return { ...it, summary: lead || it.summary, notes: [...it.notes, `text: ${t.source}`] };
  };
  const items = view.items.map(rewrite);
  const byId = new Map(items.map((it) => [it.id, it]));
  return {
    ...view,
    items,
    sections: view.sections.map((s) => ({ ...s, items: s.items.map((it) => byId.get(it.id) ?? it) })),
  };
}
