/**
 * A web page → its article: the editor's selector when it matches, else automatic extraction;
 * sanitized with the project's sanitizer and reduced to plain text with its paragraphs.
 */
import { AppError } from "../../errors.ts";
import { sanitizeHtml } from "../html/sanitize.ts";
import { boundPage } from "./bound.ts";
import { cleanArticle } from "./cleanup.ts";
import { parseDocument, selectorError } from "./dom.ts";
import { articleText } from "./plain-text.ts";
import { baseUrl, removeMatches, resolveLazyImages } from "./prepare.ts";
import { runReadability } from "./readability.ts";

/** Where the page came from, and the editor's rules for it. */
export interface ExtractOptions {
  url: string;
  /** Use the elements this CSS selector matches instead of automatic extraction. */
  selector?: string;
  /** Drop the elements these CSS selectors match first. */
  remove?: readonly string[];
}

/** The article found in a page. */
export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  /** Sanitized article HTML: links and images absolute, lazy images resolved. */
  html: string;
  /** Plain text, paragraphs separated by "\n\n". */
  text: string;
  /** Length of `text` in characters. */
  length: number;
  /** Which rule chose it: "selector: <css>", "readability", or "readability (selector matched nothing: <css>)". */
  rule: string;
}

/** Throw a one-line INPUT error when a selector of `opts` does not parse. */
export function checkSelectors(opts: Pick<ExtractOptions, "selector" | "remove">): void {
  for (const css of [...(opts.selector === undefined ? [] : [opts.selector]), ...(opts.remove ?? [])]) {
    const why = selectorError(css);
    if (why !== null)
      throw new AppError("INPUT", `CSS selector ${JSON.stringify(css)} does not parse: ${why}`);
  }
}

/** Extract the article from a page's HTML (already decoded to a string). null when nothing article-like is found. */
export function extractArticle(html: string, opts: ExtractOptions): ExtractedArticle | null {
  checkSelectors(opts);
  // An editor's selectors may name any attribute; automatic extraction reads only some.
  const rules = opts.selector !== undefined || (opts.remove?.length ?? 0) > 0;
  const page = boundPage(html, { readAttributesOnly: !rules });
  const doc = parseDocument(page);
  const base = baseUrl(doc, opts.url);
  if (opts.remove) removeMatches(doc, opts.remove);
  resolveLazyImages(doc);

  if (opts.selector !== undefined) {
    const picked = outermost(Array.from(doc.querySelectorAll(opts.selector)));
    const chosen = finish(picked.map((el) => el.outerHTML).join("\n"), base);
    if (chosen.length > 0) {
      const meta = runReadability(parseDocument(page));
      return {
        ...chosen,
        title: meta?.title ?? title(doc),
        byline: meta?.byline ?? null,
        rule: `selector: ${opts.selector}`,
      };
    }
  }
  const found = runReadability(doc);
  if (!found) return null;
  cleanArticle(found.root);
  const article = finish(found.root.outerHTML, base);
  if (article.length === 0) return null;
  // The editor asked for a part the page no longer has (a redesign): say so, and still extract.
  const rule =
    opts.selector === undefined ? "readability" : `readability (selector matched nothing: ${opts.selector})`;
  return { ...article, title: found.title, byline: found.byline, rule };
}

function finish(rawHtml: string, base: string): { html: string; text: string; length: number } {
  const html = sanitizeHtml(rawHtml, base);
  const text = articleText(html);
  return { html, text, length: text.length };
}

function title(doc: ReturnType<typeof parseDocument>): string | null {
  return doc.title.replace(/\s+/g, " ").trim() || null;
}

// A selector like "article, article p" matches nested elements: keep each part of the page once.
function outermost<T extends { parentElement: T | null }>(els: T[]): T[] {
  const set = new Set(els);
  return els.filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}
