/**
 * The one file that imports @mozilla/readability (Firefox Reader View's extractor): the article
 * element it picks, with its title and byline. It edits the document it is given.
 */
import { Readability } from "@mozilla/readability";
import type { DomDocument, DomElement } from "./dom.ts";

/** What Readability found: its article element (unsanitized, in the consumed document) and metadata. */
export interface ReadabilityResult {
  title: string | null;
  byline: string | null;
  root: DomElement;
}

/** Run Readability over `doc` (consumed); null when it finds nothing article-like. */
export function runReadability(doc: DomDocument, charThreshold = 500): ReadabilityResult | null {
  let parsed: ReturnType<Readability<DomElement>["parse"]>;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: Readability is typed against the DOM lib, which the project does not compile with
    const reader = new Readability<DomElement>(doc as any, {
      charThreshold,
      // Classes stay for cleanup.ts (share/related/caption blocks); the sanitizer drops them after.
      keepClasses: true,
      serializer: (node) => node as unknown as DomElement,
    });
    parsed = reader.parse();
  } catch {
    // Readability throws on documents it cannot walk (no <html>, no body): no article.
    return null;
  }
  if (!parsed?.content) return null;
  return {
    title: clean(parsed.title),
    byline: clean(parsed.byline),
    root: parsed.content,
  };
}

function clean(s: string | null | undefined): string | null {
  const t = s?.replace(/\s+/g, " ").trim();
  return t ? t : null;
}
