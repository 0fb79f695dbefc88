/**
 * Page fixes made before any extraction: the page's base URL, the editor's remove rules, and
 * lazy-loaded images turned back into plain ones (the image lost in Miniflux #473 / #2461 was
 * behind `data-src` or inside `<noscript>`, which the sanitizer drops with its content).
 */
import { resolveUrl } from "../urls.ts";
import { type DomDocument, type DomElement, ELEMENT_NODE } from "./dom.ts";

// Where lazy loaders keep the real image, most common first.
const LAZY_SRC = ["data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src"];
const LAZY_SRCSET = ["data-srcset", "data-lazy-srcset", "data-original-set"];
// A src that only holds the spot: an inline placeholder or a blank/spacer/loading image.
const PLACEHOLDER =
  /^data:|(?:^|[/_.-])(?:blank|spacer|placeholder|pixel|transparent|lazy|loading|grey|gray)[\w.-]*\.(?:gif|png|svg|jpe?g|webp)/i;

/** The URL relative links of `doc` resolve against: its `<base href>` (itself relative to `url`), else `url`. */
export function baseUrl(doc: DomDocument, url: string): string {
  // getElementsByTagName is linkedom's plain walk; querySelector compiles and runs a CSS matcher.
  const href = Array.from(doc.getElementsByTagName("base"))
    .find((b) => b.hasAttribute("href"))
    ?.getAttribute("href");
  return href ? resolveUrl(href, url) : url;
}

/** Remove every element matching any of `selectors` (already validated). */
export function removeMatches(root: DomDocument | DomElement, selectors: readonly string[]): void {
  for (const css of selectors) for (const el of Array.from(root.querySelectorAll(css))) el.remove();
}

function isPlaceholder(src: string | null): boolean {
  return src === null || src.trim() === "" || PLACEHOLDER.test(src.trim());
}

/** Give lazy images their real `src`/`srcset`, and replace `<noscript>` fallbacks' placeholders. */
export function resolveLazyImages(doc: DomDocument): void {
  // Each image is fixed on its own, so the order of the two lists does not matter.
  const images = [
    ...Array.from(doc.getElementsByTagName("img")),
    ...Array.from(doc.getElementsByTagName("source")),
  ];
  for (const img of images) {
    const lazy = LAZY_SRC.map((a) => img.getAttribute(a)).find((v) => v && !isPlaceholder(v));
    if (lazy && img.localName === "img" && isPlaceholder(img.getAttribute("src")))
      img.setAttribute("src", lazy);
    const lazySet = LAZY_SRCSET.map((a) => img.getAttribute(a)).find((v) => v?.trim());
    if (lazySet && !img.getAttribute("srcset")) img.setAttribute("srcset", lazySet);
    // An image with only a srcset shows its first candidate.
    if (img.localName === "img" && isPlaceholder(img.getAttribute("src"))) {
      const first = img.getAttribute("srcset")?.split(",")[0]?.trim().split(/\s+/)[0];
      if (first) img.setAttribute("src", first);
    }
  }
  for (const ns of Array.from(doc.getElementsByTagName("noscript"))) unwrapNoscript(ns);
}

// `<img data-src=…><noscript><img src=…></noscript>`: the noscript image replaces the placeholder.
function unwrapNoscript(ns: DomElement): void {
  const imgs = Array.from(ns.getElementsByTagName("img"));
  if (imgs.length !== 1 || (ns.textContent ?? "").trim() !== "") return;
  const img = imgs[0]!;
  let prev = ns.previousSibling;
  while (prev && prev.nodeType !== ELEMENT_NODE && (prev.textContent ?? "").trim() === "")
    prev = prev.previousSibling;
  const prevEl = prev?.nodeType === ELEMENT_NODE ? (prev as DomElement) : null;
  const placeholder = prevEl?.localName === "img" ? prevEl : (prevEl?.getElementsByTagName("img")[0] ?? null);
  if (placeholder && isPlaceholder(placeholder.getAttribute("src"))) placeholder.remove();
  else if (placeholder) {
    // The script-side image already works: the fallback would show it twice.
    ns.remove();
    return;
  }
  ns.replaceWith(img);
}
