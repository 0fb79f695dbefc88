/** Human-readable results: the per-feed summary table and draft lines. */
import type { DraftOutcome } from "../pipeline.ts";
import type { FeedReport } from "../types.ts";

/** A feed failing this many runs in a row is flagged so a human notices. */
export const FLAG_AFTER_FAILURES = 3;

const RESULT: Record<FeedReport["outcome"], string> = {
  ok: "ok",
  "not-modified": "not modified",
  failed: "FAILED",
  gone: "GONE",
  skipped: "skipped",
};

/** Render rows as aligned columns. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The summary of a fetch: one row per feed, then totals. */
export function feedSummary(reports: readonly FeedReport[]): string[] {
  const rows = reports.map((r) => {
    const flag =
      r.consecutiveFailures >= FLAG_AFTER_FAILURES ? ` [failing ${r.consecutiveFailures} runs in a row]` : "";
    const missed = r.mayHaveMissed
      ? `may have missed items: even the oldest item (${r.oldestItem}) is newer than the previous poll`
      : null;
    const note = [r.error, r.hint, missed].filter(Boolean).join("; ");
    return [
      r.feedId,
      RESULT[r.outcome],
      r.status === null ? "-" : String(r.status),
      String(r.newEntries),
      `${note}${flag}`,
    ];
  });
  const count = (o: FeedReport["outcome"]) => reports.filter((r) => r.outcome === o).length;
  const news = reports.reduce((n, r) => n + r.newEntries, 0);
  return [
    ...table(["FEED", "RESULT", "STATUS", "NEW", "NOTE"], rows),
    `${reports.length} feeds: ${count("ok")} ok, ${count("not-modified")} not modified, ${count("failed")} failed, ${count("gone")} gone, ${count("skipped")} skipped; ${news} new entries`,
  ];
}

/** True when no feed succeeded (every one failed or is gone), which makes `fetch`/`run` exit 1. */
export function allFailed(reports: readonly FeedReport[]): boolean {
  return reports.length > 0 && reports.every((r) => r.outcome === "failed" || r.outcome === "gone");
}

/** The lines describing one draft outcome (results on stdout, notes for stderr). */
export function draftLines(o: DraftOutcome): { out: string[]; notes: string[] } {
  const d = o.draft;
  const id = `${d.digest.id} ${d.date}`;
  if (o.empty) {
    return {
      out: [],
      notes: [`${id}: no entries in the window ${d.view.window.from}..${d.view.window.to}: no draft written`],
    };
  }
  const w = o.write;
  if (!w) return { out: [], notes: [] };
  const items = `${d.view.items.length} items`;
  switch (w.outcome) {
    case "kept-edits":
      return {
        out: [w.path],
        notes: [
          `${id}: ${d.path} was edited since feedwright wrote it; left untouched, new version written to ${w.path} (--force replaces it, keeping a .bak.md)`,
        ],
      };
    case "forced":
      return {
        out: [w.path],
        notes: [`${id}: edited file saved as ${w.backup}; ${w.path} rewritten (${items})`],
      };
    default:
      return {
        out: [w.path],
        notes: [`${id}: ${w.outcome} ${w.path} (${items}, ${d.view.candidates.length} candidates left out)`],
      };
  }
}
