/**
 * The one file that imports linkedom: HTML → a DOM that Readability and our own passes can walk.
 * linkedom over jsdom: the same extraction scores at a quarter of the time and a third of the
 * memory (issue #19), and it needs no browser globals. The project compiles without the DOM lib,
 * so the few DOM members the article code uses are declared here.
 */
import { DOMParser, EventTarget, Node } from "linkedom";

/** A DOM node as the article code uses it. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  // linkedom builds childNodes and children anew on every access: walk with these instead.
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  previousSibling: DomNode | null;
  remove(): void;
  /** Throws: an article DOM keeps no listeners (see skipListenerMaps). */
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** A DOM element as the article code uses it. */
export interface DomElement extends DomNode {
  tagName: string;
  localName: string;
  id: string;
  className: string;
  innerHTML: string;
  outerHTML: string;
  parentElement: DomElement | null;
  children: ArrayLike<DomElement>;
  firstElementChild: DomElement | null;
  nextElementSibling: DomElement | null;
  attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  querySelector(css: string): DomElement | null;
  querySelectorAll(css: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  replaceWith(...nodes: DomNode[]): void;
  appendChild(node: DomNode): DomNode;
  insertBefore(node: DomNode, ref: DomNode | null): DomNode;
}

/** A parsed HTML document as the article code uses it. */
export interface DomDocument {
  documentElement: DomElement;
  body: DomElement | null;
  head: DomElement | null;
  title: string;
  querySelector(css: string): DomElement | null;
  querySelectorAll(css: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  createElement(name: string): DomElement;
  createTextNode(text: string): DomNode;
}

/** Node types the passes test for. */
export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/**
 * linkedom's EventTarget constructor gives every node it builds a WeakMap entry holding a Map for
 * its listeners: tens of thousands of ephemerons per page for the collector to trace, 12% of the
 * extraction benchmark's time. No script ever runs on an article's DOM, so its nodes are built
 * without them (Node's base constructor becomes an empty one) and adding a listener to one says
 * why it cannot. Applied only to the linkedom it was written against (Node directly extends
 * EventTarget); another shape is left as it is, only slower. Its test: tests/reader/article/dom.test.ts.
 */
function skipListenerMaps(): void {
  const NodeClass = (Node as unknown as { prototype: { constructor: object } }).prototype.constructor;
  if (Object.getPrototypeOf(NodeClass) !== EventTarget) return;
  function NoListeners(): void {}
  NoListeners.prototype = EventTarget.prototype;
  Object.setPrototypeOf(NodeClass, NoListeners);
  const refuse = (): never => {
    throw new Error("feedwright's article DOM keeps no event listeners");
  };
  for (const name of ["addEventListener", "removeEventListener"])
    Object.defineProperty((NodeClass as { prototype: object }).prototype, name, { value: refuse });
}
skipListenerMaps();

/** Parse an HTML page (already decoded to a string). */
export function parseDocument(html: string): DomDocument {
  return new DOMParser().parseFromString(html, "text/html") as unknown as DomDocument;
}

/** A CSS selector's parse error as one line, or null when linkedom's engine accepts it. */
export function selectorError(css: string): string | null {
  if (css.trim() === "") return "an empty selector selects nothing";
  try {
    probe().querySelectorAll(css);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

let probeDoc: DomDocument | null = null;
function probe(): DomDocument {
  probeDoc ??= parseDocument("<!doctype html><html><body><p></p></body></html>");
  return probeDoc;
}
