/** The pull request's title and description: the draft's front matter title, the coverage report. */
import { fileURLToPath } from "node:url";
import type { Config, DigestConfig } from "../config.ts";
import { loadTemplate } from "../digest/render.ts";
import { addDays, draftWindow } from "../digest/window.ts";
import { prepareView } from "../pipeline/draft.ts";
import type { Db } from "../store/db.ts";
import { listFeeds } from "../store/feeds.ts";
import { buildCoverage, type Coverage } from "./coverage.ts";

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
}

/** The `title:` of a draft's front matter, as the editor may have changed it; null when absent. */
export function frontMatterTitle(text: string): string | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  const raw = fm && /^title:[ \t]*(.+?)[ \t]*$/m.exec(fm)?.[1];
  if (!raw) return null;
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
export function prBody(
  config: Config,
  db: Db,
  digest: DigestConfig,
  date: string,
  branch: string,
): (commit: string, path: string) => string {
  const template = loadTemplate<PrBodyView>(PR_TEMPLATE, config.timezone, digest.language);
  const { selection } = prepareView(config, db, digest, date);
  const coverage = buildCoverage({
    feeds: config.feeds,
    states: new Map(listFeeds(db).map((s) => [s.feedId, s])),
    selection,
    windowFrom: draftWindow(date, digest.windowDays, config.timezone)
      .from.toISOString()
      .replace(/\.\d{3}Z$/, "Z"),
  });
  const window = { from: addDays(date, 1 - digest.windowDays), to: date, days: digest.windowDays };
  return (commit, path) =>
    template.render({
      digest: { id: digest.id, title: digest.title },
      draftDate: date,
      path,
      branch,
      commit,
      window,
      coverage,
    });
}
