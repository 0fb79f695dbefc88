/**
 * Boilerplate left inside the element an extractor picked: share bars, related-story lists,
 * newsletter boxes, captions and credits, bylines and datelines, link lists. None of it is what
 * the article says, and all of it would reach the summary. Judged generically by markup (element,
 * class and id words), link density and the short stock phrases such blocks consist of.
 */
import { type DomElement, ELEMENT_NODE } from "./dom.ts";

// Elements that are never prose.
const NEVER = "nav, aside, footer, form, button, input, select, textarea, label, figcaption, menu, dialog";
// Class/id words of non-article blocks (matched as whole words between -, _ and spaces).
const BOILERPLATE = new RegExp(
  "(?:^|[-_\\s])(?:" +
    [
      "share|sharing|sharedaddy|social|sociallinks|addthis|related|relatedposts|recommended|recommendations",
      "newsletter|subscribe|subscription|signup|promo|promotion|advert|advertisement|ad|ads|adslot|sponsored",
      "caption|captions|credit|credits|byline|author|authors|dateline|timestamp|published|updated|date|meta",
      "tags|tag-list|breadcrumb|breadcrumbs|comments|comment-count|cookie|consent|sidebar|widget|toolbar",
      "sr-only|visually-hidden|screen-reader-text|hidden|hide|print-only|popup|modal|skip|read-more|readmore",
      "more-stories|more-articles|also-read|see-also|trending|most-popular|outbrain|taboola|inline-related",
    ].join("|") +
    ")(?=$|[-_\\s])",
  "i",
);
// Whole blocks that are only a stock phrase: labels of ads, teasers of other stories, credits.
const STOCK =
  /^(?:advertisement|advert|ad|sponsored|continue reading(?: below)?|read more|read next|related(?: articles| stories)?|see more|see also|more:?|don'?t miss|image \d+ of \d+|photo:.*|credit:.*|\((?:image|photo)(?: credit)?:.*\)|(?:published|updated|posted)\b.{0,60}|by [\p{Lu}][^.!?]{0,60}|share(?: this)?(?: article| story)?|tweet|email|print|comments?|\d+ comments?)$/iu;

function words(el: DomElement): string {
  return `${el.getAttribute("class") ?? ""} ${el.id ?? ""}`;
}

function textLength(el: DomElement): number {
  return (el.textContent ?? "").replace(/\s+/g, " ").trim().length;
}

function linkTextLength(el: DomElement): number {
  let n = 0;
  for (const a of Array.from(el.getElementsByTagName("a"))) n += textLength(a);
  return n;
}

/** Remove boilerplate blocks from the picked article element `root` (in place). */
export function cleanArticle(root: DomElement): void {
  const total = textLength(root);
  // A block holding much of the article is the article, whatever its class says.
  const small = (el: DomElement) => {
    const len = textLength(el);
    return len < total * 0.5 && (len < 200 || len < total * 0.25);
  };

  for (const el of Array.from(root.querySelectorAll(NEVER))) if (small(el)) el.remove();
  for (const el of Array.from(root.querySelectorAll("[class], [id]"))) {
    if (el.parentNode && BOILERPLATE.test(words(el)) && small(el)) el.remove();
  }
  for (const el of Array.from(root.querySelectorAll("ul, ol, dl, div, section, table, p"))) {
    if (!el.parentNode) continue;
    const len = textLength(el);
    if (len > 0 && len < 600 && linkTextLength(el) / len > 0.6 && small(el)) el.remove();
  }
  for (const el of Array.from(root.querySelectorAll("p, div, span, li, h2, h3, h4, h5, h6, strong, em"))) {
    if (!el.parentNode || hasBlockChild(el)) continue;
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text.length < 100 && STOCK.test(text)) el.remove();
  }
}

const BLOCKS = new Set(["P", "DIV", "UL", "OL", "TABLE", "SECTION", "ARTICLE", "BLOCKQUOTE", "FIGURE"]);
function hasBlockChild(el: DomElement): boolean {
  for (const c of Array.from(el.childNodes)) {
    if (c.nodeType === ELEMENT_NODE && BLOCKS.has((c as DomElement).tagName)) return true;
  }
  return false;
}
