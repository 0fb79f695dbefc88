/** The pull request's title and description: the draft's front matter title, the coverage report. */
import { fileURLToPath } from "node:url";
import type { Config, DigestConfig } from "../config.ts";
import { loadTemplate } from "../digest/render.ts";
import type { Selection } from "../digest/select.ts";
import { visibleText } from "../digest/text.ts";
import { addDays, draftWindow } from "../digest/window.ts";
import { AppError } from "../errors.ts";
import { prepareView } from "../pipeline/draft.ts";
import { textSourceReport } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import { listFeeds } from "../store/feeds.ts";
import { summaryReport } from "../store/summaries.ts";
import { buildCoverage, type Coverage } from "./coverage.ts";
import { fitDescription, inertView, MAX_DESCRIPTION, noAutolinks } from "./inert-text.ts";

/** The shipped template of the pull request description. */
export const PR_TEMPLATE = fileURLToPath(new URL("../../templates/pr-body.md.hbs", import.meta.url));

/** The variables of templates/pr-body.md.hbs. */
export interface PrBodyView {
  digest: { id: string; title: string };
  /** Not `date`: that name is the template helper that formats dates. */
  draftDate: string;
  path: string;
  branch: string;
  commit: string;
  window: { from: string; to: string; days: number };
  coverage: Coverage;
  /** How each item's text was written when the digest uses machine summaries; null otherwise. */
  summaries: SummariesView | null;
}

/** The machine-summary accounting of a draft, per item and in total. */
export interface SummariesView {
  models: string;
  totals: {
    items: number;
    summarized: number;
    cacheHits: number;
    calls: number;
    promptTokens: number;
    completionTokens: number;
    rejected: number;
  };
  items: {
    title: string;
    link: string;
    status: string;
    cacheHit: boolean;
    calls: number;
    tokens: number;
    reason: string;
  }[];
}

/** The accounting the summarizer recorded for this draft (src/store/summaries.ts), with item titles. */
async function summariesView(
  db: Db,
  digestId: string,
  date: string,
  selection: Selection,
): Promise<SummariesView | null> {
  const uses = await summaryReport(db, digestId, date);
  if (uses.length === 0) return null;
  const entries = new Map(selection.items.map((i) => [i.entry.id, i.entry]));
  const items = uses.map((u) => {
    const e = entries.get(u.entryId);
    return {
      title: u.entryId === "" ? "(intro, subtitle and themes)" : (e?.title ?? u.entryId),
      link: e?.url ?? "",
      status: u.status,
      cacheHit: u.cacheHit,
      calls: u.calls,
      tokens: u.promptTokens + u.completionTokens,
      reason: u.reason ?? "",
    };
  });
  const sum = (f: (u: (typeof uses)[number]) => number) => uses.reduce((n, u) => n + f(u), 0);
  return {
    models:
      [...new Set(uses.map((u) => u.model).filter((m): m is string => m !== null))].join(", ") || "none",
    totals: {
      items: uses.filter((u) => u.entryId !== "").length,
      summarized: uses.filter((u) => u.entryId !== "" && u.status === "summarized").length,
      cacheHits: uses.filter((u) => u.cacheHit).length,
      calls: sum((u) => u.calls),
      promptTokens: sum((u) => u.promptTokens),
      completionTokens: sum((u) => u.completionTokens),
      rejected: uses.filter((u) => u.status === "rejected").length,
    },
    items,
  };
}

/**
 * The `title:` of a draft's front matter, as the editor may have changed it, without bidi controls
 * and with mentions and issue references defused (it becomes the pull request's title and the
 * commit subject, where "fixes #12" closes an issue once merged); null when absent.
 */
export function frontMatterTitle(text: string): string | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  const raw = fm && /^title:[ \t]*(.+?)[ \t]*$/m.exec(fm)?.[1];
  if (!raw) return null;
  return noAutolinks(visibleText(unquoted(raw)));
}

function unquoted(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  return raw;
}

/** A renderer of the PR description for this draft; the commit is filled in once it exists. */
export async function prBody(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  branch: string,
): Promise<(commit: string, path: string) => string> {
  const template = loadTemplate<PrBodyView>(PR_TEMPLATE, config.timezone, digest.language);
  const { selection } = await prepareView(config, db, digest, date);
  const coverage = buildCoverage({
    feeds: config.feeds,
    states: new Map((await listFeeds(db)).map((s) => [s.feedId, s])),
    selection,
    windowFrom: draftWindow(date, digest.windowDays, config.timezone)
      .from.toISOString()
      .replace(/\.\d{3}Z$/, "Z"),
    textSources: await textSourceReport(db, digest.id, date),
  });
  // Feed, model and feed-title text: no mention or issue reference may act on GitHub, no title is huge.
  const summaries = inertView(await summariesView(db, digest.id, date, selection));
  const inert = inertView(coverage);
  const window = { from: addDays(date, 1 - digest.windowDays), to: date, days: digest.windowDays };
  return (commit, path) => {
    const render = (shown: number) =>
      template.render({
        digest: { id: digest.id, title: noAutolinks(digest.title) },
        draftDate: date,
        path,
        branch,
        commit,
        window,
        coverage: {
          ...inert,
          leftOut: inert.leftOut.slice(0, shown),
          leftOutMore: inert.leftOutMore + inert.leftOut.length - shown,
        },
        summaries,
      });
    // The left-out list gives way first; the draft's closing comment lists every item anyway.
    const text = fitDescription(inert.leftOut.length, render);
    if (text === null)
      throw new AppError(
        "PUBLISH",
        `the pull request description of ${digest.id} for ${date} is over GitHub's ${MAX_DESCRIPTION} characters`,
      );
    return text;
  };
}
