/**
 * htmlparser2's Tokenizer turned into start-tag / end-tag / text events: the one file that
 * imports htmlparser2. Its Parser layer is deliberately not used: it keeps open elements with
 * Array#unshift and rescans them for every stray end tag, which is quadratic on hostile input
 * (5 MB of unclosed tags took minutes). Callers keep their own end-pushed stacks instead.
 */
import { Tokenizer } from "htmlparser2";

// Shared by every element without attributes; never written to (see onattribname).
const NO_ATTRS: Record<string, string> = Object.freeze(Object.create(null));

/** What a tokenized document says, in order. Names are lower-cased. */
export interface MarkupHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  /** `cdata` is true for a CDATA section's literal text (XML only). */
  text(data: string, cdata: boolean): void;
}

/**
 * Tokenize `source`. In "xml" mode entities are left as written (readers decode them once,
 * knowing CDATA from text) and DTDs are neither expanded nor fetched; in "html" mode entities
 * are decoded and script/style content is raw text, as a browser reads it.
 */
export function tokenize(source: string, mode: "xml" | "html", handler: MarkupHandler): void {
  const xml = mode === "xml";
  let tag = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";
  const tokenizer = new Tokenizer(
    { xmlMode: xml, decodeEntities: !xml },
    {
      onopentagname(start, end) {
        tag = source.slice(start, end).toLowerCase();
        attrs = NO_ATTRS;
      },
      onattribname(start, end) {
        // Allocated on the first attribute only: most feed elements have none. No prototype, so
        // an attribute named "__proto__" or "constructor" is just an attribute.
        if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
        attrName = source.slice(start, end).toLowerCase();
        attrValue = "";
      },
      onattribdata(start, end) {
        attrValue += source.slice(start, end);
      },
      onattribentity(cp) {
        attrValue += String.fromCodePoint(cp);
      },
      onattribend() {
        if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
        attrValue = "";
      },
      onopentagend() {
        handler.open(tag, attrs, false);
      },
      onselfclosingtag() {
        handler.open(tag, attrs, true);
      },
      onclosetag(start, end) {
        handler.close(source.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        handler.text(source.slice(start, end), false);
      },
      ontextentity(cp) {
        handler.text(String.fromCodePoint(cp), false);
      },
      oncdata(start, end, offset) {
        if (xml) handler.text(source.slice(start, end - offset), true);
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
      isInForeignContext: () => false,
    },
  );
  tokenizer.write(source);
  tokenizer.end();
}
