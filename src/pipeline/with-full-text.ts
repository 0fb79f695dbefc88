/** The full-text step of a draft: run when asked and wanted, recorded for the PR's report, never in the way. */
import type { Config, DigestConfig } from "../config.ts";
import type { Selection } from "../digest/select.ts";
import type { DigestView } from "../digest/view.ts";
import { oneLine } from "../errors.ts";
import { recordTextSources } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import type { FullTextOptions, FullTextReport } from "./full-text.ts";
import { fullTextMode } from "./full-text-view.ts";

/** Run the full-text step when asked and some item's feed wants it; its text sources are recorded for the PR's report. */
export async function withFullText(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  prepared: { view: DigestView; selection: Selection },
  opts: FullTextOptions | undefined,
): Promise<FullTextReport | null> {
  if (!opts) return null;
  if (!prepared.selection.items.some((i) => fullTextMode(config, i.entry.feedId) !== "never")) return null;
  // Loaded only when needed: a draft with full text off never loads the HTTP client or the DOM.
  const { gatherFullText } = await import("./full-text.ts");
  let report: FullTextReport;
  try {
    report = await gatherFullText(config, db, prepared.selection, opts);
  } catch (err) {
    // Never in the way: a bug or a store problem here leaves every item its feed text, said once.
    const items = prepared.selection.items;
    report = {
      items: new Map(),
      problems: new Map([
        [
          `full text failed: unexpected error: ${oneLine(err)}`,
          { items: items.length, example: items[0]?.entry.url ?? "" },
        ],
      ]),
      requests: 0,
    };
  }
  const order = prepared.view.items.map((it) => it.id);
  await recordTextSources(
    db,
    digest.id,
    date,
    order.flatMap((id) => {
      const t = report.items.get(id);
      return t ? [{ entryId: id, source: t.source, detail: t.detail }] : [];
    }),
  );
  return report;
}
