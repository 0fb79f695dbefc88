/** Per-digest accounting of machine summaries, and the lines `draft` and `run` print from it. */
import type { SummaryUse } from "../../store/summaries.ts";

/** Counts of one digest's enrichment. */
export interface DigestAccounting {
  digestId: string;
  date: string;
  /** Items in the draft. */
  items: number;
  /** Items whose title and summary are machine-written (fresh or cached). */
  summarized: number;
  cacheHits: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Answers refused by the checks: which item (title) and why. */
  rejected: { title: string; reason: string }[];
  /** Why answers could not be had, with how many items (or the intro) each cause affected. */
  failures: Map<string, { items: number; intro: boolean }>;
  /** Count one item's (or the intro's) use. */
  add(use: SummaryUse, title: string): void;
}

/** Empty accounting for a digest's draft. */
export function newAccounting(digestId: string, date: string, items: number): DigestAccounting {
  const a: DigestAccounting = {
    digestId,
    date,
    items,
    summarized: 0,
    cacheHits: 0,
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    rejected: [],
    failures: new Map(),
    add(use, title) {
      if (use.status === "summarized" && use.entryId !== "") a.summarized++;
      if (use.cacheHit && use.entryId !== "") a.cacheHits++;
      a.calls += use.calls;
      a.promptTokens += use.promptTokens;
      a.completionTokens += use.completionTokens;
      if (use.status === "rejected") a.rejected.push({ title, reason: use.reason ?? "" });
      if (use.status === "failed" && use.reason) {
        const f = a.failures.get(use.reason) ?? { items: 0, intro: false };
        if (use.entryId === "") f.intro = true;
        else f.items++;
        a.failures.set(use.reason, f);
      }
    },
  };
  return a;
}

/** The accounting as lines: one summary line, one line per rejected answer, one warning per cause of failure. */
export function accountingLines(a: DigestAccounting): { info: string[]; warnings: string[] } {
  const id = `${a.digestId} ${a.date}`;
  const info = [
    `${id}: summaries: ${a.summarized} of ${a.items} items machine-written, ${a.cacheHits} cache hits, ${a.calls} calls, ${a.promptTokens} prompt + ${a.completionTokens} completion tokens, ${a.rejected.length} rejected`,
    ...a.rejected.map((r) => `${id}: rejected: ${r.title}: ${r.reason}`),
  ];
  const warnings = [...a.failures].map(([cause, f]) => {
    const what = [
      f.items > 0 ? `feed summaries used for ${f.items} ${f.items === 1 ? "item" : "items"}` : "",
      f.intro ? "no intro suggested" : "",
    ].filter(Boolean);
    return `warning: ${id}: ${cause}: ${what.join(", ")}`;
  });
  return { info, warnings };
}
