/** CSS selectors in feeds.yaml, checked with css-what: the parser css-select (and so linkedom's querySelector) uses. */
import { parse } from "css-what";

/** Why `selector` does not parse as a CSS selector, or null when it does. */
export function selectorProblem(selector: string): string | null {
  if (selector.trim() === "") return "is empty";
  try {
    parse(selector);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/\s+/g, " ").trim().replace(/\.$/, "");
  }
}
