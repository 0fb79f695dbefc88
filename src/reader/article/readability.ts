/**
 * The one file that imports @mozilla/readability (Firefox Reader View's extractor): the article
 * element it picks, with its title and byline. It edits the document it is given.
 */
import { Readability } from "@mozilla/readability";
import type { DomDocument } from "./dom.ts";

/** What Readability found: its article HTML (unsanitized) and metadata. */
export interface ReadabilityResult {
  title: string | null;
  byline: string | null;
  html: string;
}

/** Run Readability over `doc` (consumed); null when it finds nothing article-like. */
export function runReadability(doc: DomDocument, charThreshold = 500): ReadabilityResult | null {
  // biome-ignore lint/suspicious/noExplicitAny: Readability is typed against the DOM lib, which the project does not compile with
  const reader = new Readability(doc as any, { charThreshold, keepClasses: true });
  let parsed: ReturnType<typeof reader.parse>;
  try {
    parsed = reader.parse();
  } catch {
    // Readability throws on documents it cannot walk (no body, odd nesting): no article.
    return null;
  }
  if (!parsed || typeof parsed.content !== "string") return null;
  return {
    title: clean(parsed.title),
    byline: clean(parsed.byline),
    html: parsed.content,
  };
}

function clean(s: string | null | undefined): string | null {
  const t = s?.replace(/\s+/g, " ").trim();
  return t ? t : null;
}
