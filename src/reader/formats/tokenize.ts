/**
 * htmlparser2's Tokenizer turned into start-tag / end-tag / text events: the one file that
 * imports htmlparser2. Its Parser layer is deliberately not used: it keeps open elements with
 * Array#unshift and rescans them for every stray end tag, which is quadratic on hostile input
 * (5 MB of unclosed tags took minutes). Callers keep their own end-pushed stacks instead.
 */
import { decodeHTML, decodeHTMLAttribute } from "entities";
import { Tokenizer } from "htmlparser2";

/**
 * HTML elements whose content htmlparser2 reads as raw text, entities included ("&amp;" stays as
 * written). title and textarea are special too, but their text has entities decoded like any other.
 */
const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"]);
/** The elements htmlparser2 reads as text up to their end tag (html mode), "/>" or not. */
const TEXT_UNTIL_END = new Set([...RAW_TEXT, "title", "textarea"]);

/** htmlparser2's Tokenizer as its subclass sees it: the private fields fastForwardTo() uses, and its input. */
const TokenizerBase = Tokenizer as unknown as new (
  ...args: ConstructorParameters<typeof Tokenizer>
) => { buffer: string; index: number; offset: number; write(chunk: string): void; end(): void };

const ASCII = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/**
 * The Tokenizer with its one hot loop done by String#indexOf. fastForwardTo(c) moves to the next
 * `c` (the "<" ending a text run, the "]" of "]]>", a closing quote): stock, it compares one
 * character per step in JavaScript, 0.4 GB/s on feed content; indexOf scans natively, ~2 GB/s.
 * Same positions and result, so the same tokens (tests/reader/tokenize.test.ts compares them with
 * the stock Tokenizer's and checks that htmlparser2 still has the method this replaces).
 */
export class SkippingTokenizer extends TokenizerBase {
  fastForwardTo(c: number): boolean {
    const next = this.buffer.indexOf(ASCII[c] ?? String.fromCharCode(c), this.index + 1 - this.offset);
    if (next === -1) {
      // Where the stock loop stops: the last character (parse() steps past it).
      this.index = this.buffer.length + this.offset - 1;
      return false;
    }
    this.index = next + this.offset;
    return true;
  }
}

/**
 * An element's attributes: an object whose prototype is an empty object without a prototype, so
 * that "__proto__" or "constructor" is just an attribute (nothing is inherited, no setter runs).
 * Not Object.create(null): V8 keeps such objects as hash tables, where every for-in over them (the
 * sanitizer renders each kept element's attributes that way) built its list of keys anew; these
 * stay fast-mode objects with cached keys, which halved the cost of attributes.
 */
const Attrs = function Attrs() {} as unknown as new () => Record<string, string>;
Attrs.prototype = Object.freeze(Object.create(null));

// Shared by every element without attributes; never written to (see onattribname).
const NO_ATTRS: Record<string, string> = Object.freeze(new Attrs());

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
 *
 * The tokenizer itself never decodes entities: decoding there sends it through every character
 * of the text one at a time, where without it it skips to the next "<". In "html" mode this file
 * decodes each text run and attribute value afterwards with the same decoder (entities'
 * decodeHTML / decodeHTMLAttribute, the legacy rules a browser uses), which doubled its speed
 * on feed content.
 */
export function tokenize(source: string, mode: "xml" | "html", handler: MarkupHandler): void {
  const xml = mode === "xml";
  let tag = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";
  // Inside an element whose text is raw (html mode): its name, until its end tag.
  let raw: string | null = null;
  const text = xml
    ? (data: string) => data
    : (data: string) => (raw !== null || !data.includes("&") ? data : decodeHTML(data));
  const startTag = () => {
    if (!xml && RAW_TEXT.has(tag)) raw = tag;
    handler.open(tag, attrs, false);
  };
  const tokenizer = new SkippingTokenizer(
    { xmlMode: xml, decodeEntities: false },
    {
      onopentagname(start, end) {
        tag = source.slice(start, end).toLowerCase();
        attrs = NO_ATTRS;
      },
      onattribname(start, end) {
        // Allocated on the first attribute only: most feed elements have none.
        if (attrs === NO_ATTRS) attrs = new Attrs();
        attrName = source.slice(start, end).toLowerCase();
        attrValue = "";
      },
      onattribdata(start, end) {
        attrValue += source.slice(start, end);
      },
      onattribentity() {}, // only called when the tokenizer decodes entities
      onattribend() {
        if (!Object.hasOwn(attrs, attrName)) {
          attrs[attrName] = xml || !attrValue.includes("&") ? attrValue : decodeHTMLAttribute(attrValue);
        }
        attrValue = "";
      },
      onopentagend: startTag,
      onselfclosingtag() {
        // HTML ignores the "/" of "<script/>": what follows up to "</script>" is the element's
        // content (htmlparser2 reads it so), so this is an ordinary start tag, not an empty element.
        if (!xml && TEXT_UNTIL_END.has(tag)) startTag();
        else handler.open(tag, attrs, true);
      },
      onclosetag(start, end) {
        const name = source.slice(start, end).toLowerCase();
        if (name === raw) raw = null;
        handler.close(name);
      },
      ontext(start, end) {
        handler.text(text(source.slice(start, end)), false);
      },
      ontextentity() {}, // only called when the tokenizer decodes entities
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
