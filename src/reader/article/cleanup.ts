/**
 * Boilerplate left inside the element an extractor picked: share bars, related-story lists,
 * newsletter boxes, captions and credits, bylines and datelines, link lists. None of it is what
 * the article says, and all of it would reach the summary. Judged generically by markup (element,
 * class and id words), link density and the short stock phrases such blocks consist of.
 */
import { type DomElement, type DomNode, ELEMENT_NODE, TEXT_NODE } from "./dom.ts";

// Elements that are never prose.
const NEVER = new Set(
  "NAV ASIDE FOOTER FORM BUTTON INPUT SELECT TEXTAREA LABEL FIGCAPTION MENU DIALOG".split(" "),
);
// Blocks judged by their link density.
const LINKY = new Set("UL OL DL DIV SECTION TABLE P".split(" "));
// Leaf blocks judged by their whole text.
const LABELS = new Set("P DIV SPAN LI H2 H3 H4 H5 H6 STRONG EM".split(" "));
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
  /^(?:advertisement|advert|ad|sponsored|continue reading(?: below)?|read more|read next|related(?: articles| stories)?|see more|see also|more:?|don'?t miss|image \d+ of \d+|photo:.*|credit:.*|\((?:image|photo)(?: credit)?:.*\)|(?:published|updated|posted)\b.{0,60}|by [\p{Lu}][^.!?]{0,60}|share(?: this)?(?: article| story)?|tweet|email|print|comments?|\d+ comments?|sign in|log ?in|sign up|subscribe|menu|search|home|skip to (?:main )?content|https?:\/\/\S+)$/iu;

/** Text and link-text lengths (whitespace runs counted once) of every element under a root. */
interface Size {
  text: number;
  links: number;
}

// One post-order walk instead of textContent per element: that was quadratic in the depth.
function measure(root: DomElement): Map<DomElement, Size> {
  const sizes = new Map<DomElement, Size>();
  const stack: Array<{ el: DomElement; next: DomNode | null; size: Size }> = [
    { el: root, next: root.firstChild, size: { text: 0, links: 0 } },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const child = top.next;
    if (child === null) {
      stack.pop();
      sizes.set(top.el, top.size);
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.size.text += top.size.text;
        parent.size.links += top.el.tagName === "A" ? top.size.text : top.size.links;
      }
      continue;
    }
    top.next = child.nextSibling;
    if (child.nodeType === ELEMENT_NODE) {
      const el = child as DomElement;
      stack.push({ el, next: el.firstChild, size: { text: 0, links: 0 } });
    } else if (child.nodeType === TEXT_NODE) {
      top.size.text += (child.textContent ?? "").replace(/\s+/g, " ").length;
    }
  }
  return sizes;
}

// Sentences that only promote something else: newsletters, social accounts, the site's own notices.
const PROMO =
  /\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|inbox)\b|\bfollow (?:us|him|her|them|@\w+)\b.{0,60}\b(?:twitter|facebook|instagram|linkedin)\b|\bthis (?:web)?site uses cookies\b|\brequires javascript\b/i;

function words(el: DomElement): string {
  return `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`;
}

/** Whether `el` is boilerplate; `len` and `links` are its text and link-text lengths. */
function isBoilerplate(el: DomElement, len: number, links: number): boolean {
  const tag = el.tagName;
  if (NEVER.has(tag) || BOILERPLATE.test(words(el))) return true;
  if (LINKY.has(tag) && len > 0 && len < 600 && links / len > 0.6) return true;
  if (len < 250 && LABELS.has(tag) && !hasBlockChild(el)) {
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    return (len < 100 && STOCK.test(text)) || PROMO.test(text);
  }
  return false;
}

/** Remove boilerplate blocks from the picked article element `root` (in place). */
export function cleanArticle(root: DomElement): void {
  const sizes = measure(root);
  const total = sizes.get(root)!.text;
  const doomed: DomElement[] = [];
  // Pre-order, skipping what is already doomed: an element inside a removed block is gone with it.
  const stack: DomElement[] = [];
  const pushChildren = (el: DomElement) => {
    const start = stack.length;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
    stack.splice(start, stack.length - start, ...stack.slice(start).reverse());
  };
  pushChildren(root);
  while (stack.length > 0) {
    const el = stack.pop()!;
    const { text, links } = sizes.get(el) ?? { text: 0, links: 0 };
    // A block holding much of the article is the article, whatever its class says.
    const small = text < total * 0.5 && (text < 200 || text < total * 0.25);
    if (small && isBoilerplate(el, text, links)) doomed.push(el);
    else pushChildren(el);
  }
  for (const el of doomed) el.remove();
}

const BLOCKS = new Set(["P", "DIV", "UL", "OL", "TABLE", "SECTION", "ARTICLE", "BLOCKQUOTE", "FIGURE"]);
function hasBlockChild(el: DomElement): boolean {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (BLOCKS.has(c.tagName)) return true;
  return false;
}
