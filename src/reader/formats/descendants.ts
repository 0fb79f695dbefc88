/** Finding a feed's items wherever a broken document left them. */
import { isElement, type XElement } from "./xmltree.ts";

/**
 * Every element with `key` below `root`, in document order, without looking inside a match, up to
 * `limit` of them. Items are normally children of the channel (entries of the feed), but an
 * extension element a feed never closes (`<itunes:category text="…">` before the first `<item>`)
 * swallows everything after it, and feedparser, reading events rather than a tree, still finds
 * them. Looking into non-matching elements costs little: the channel's own fields are small.
 */
export function descendants(root: XElement, key: string, limit: number): XElement[] {
  const out: XElement[] = [];
  const stack: Array<{ el: XElement; i: number }> = [{ el: root, i: 0 }];
  while (stack.length > 0 && out.length < limit) {
    const top = stack[stack.length - 1]!;
    const node = top.el.children[top.i++];
    if (node === undefined) stack.pop();
    else if (!isElement(node)) continue;
    else if (node.key === key) out.push(node);
    else if (node.children.length > 0) stack.push({ el: node, i: 0 });
  }
  return out;
}
