import { describe, expect, it } from "vitest";
import { type DomElement, ELEMENT_NODE, parseDocument } from "../../../src/reader/article/dom.ts";

describe("the article DOM", () => {
  it("builds nodes without listener maps, and says so when a listener is added", () => {
    const doc = parseDocument("<html><body><p id=a>One <b>two</b></p></body></html>");
    const p = doc.querySelector("#a")!;
    expect(() => p.addEventListener("click", () => {})).toThrow(/keeps no event listeners/);
    expect(() => p.removeEventListener("click", () => {})).toThrow(/keeps no event listeners/);
  });

  it("still builds, edits and serializes nodes as a DOM", () => {
    const doc = parseDocument(
      "<html><body><div><p class=x>One <b>two</b></p><p>three</p></div></body></html>",
    );
    const div = doc.body!.firstElementChild!;
    expect(div.nodeType).toBe(ELEMENT_NODE);
    const extra = doc.createElement("p");
    extra.appendChild(doc.createTextNode("four & five"));
    div.appendChild(extra);
    (div.firstElementChild as DomElement).remove();
    expect(div.outerHTML).toBe("<div><p>three</p><p>four &amp; five</p></div>");
    expect(doc.querySelectorAll("p").length).toBe(2);
  });
});
