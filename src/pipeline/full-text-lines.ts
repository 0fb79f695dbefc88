/** The lines `draft`, `run` and the daemon report about a draft's full text. */
import type { DraftOutcome } from "../pipeline.ts";

/** One line on what full text a draft used, and one warning per cause of a refused or failed page. */
export function fullTextLines(o: DraftOutcome): { info: string[]; warnings: string[] } {
  const r = o.draft.fullText;
  if (!r) return { info: [], warnings: [] };
  const id = `${o.draft.digest.id} ${o.draft.date}`;
  const items = [...r.items.values()];
  const extracted = items.filter((t) => t.article !== null).length;
  const info = [
    `${id}: full text: ${extracted} of ${items.length} items from their article, ${r.requests} ${r.requests === 1 ? "page" : "pages"} requested`,
  ];
  const warnings = [...r.problems].map(([cause, p]) => {
    const n = `${p.items} ${p.items === 1 ? "item" : "items"}`;
    const kept = cause.startsWith("full text refresh failed") ? "the stored page" : "feed text";
    return `warning: ${id}: ${cause}: ${kept} used for ${n} (e.g. ${p.example})`;
  });
  return { info, warnings };
}
