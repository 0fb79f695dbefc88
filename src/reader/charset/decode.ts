/** Bytes → text: pick the charset the way a browser and feedparser would, then decode it. */
import { isAscii, isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { mayHoldDoubleUtf8, mayHoldUtf8, repairDoubleUtf8 } from "./mojibake.ts";

/** The decoded document and the charset that was used (a WHATWG or iconv-lite label). */
export interface Decoded {
  text: string;
  encoding: string;
}

// Declarations that name a one-byte (or legacy multi-byte) charset are often wrong: a UTF-8
// body behind "ISO-8859-1" is common. Valid multi-byte UTF-8 is practically never an accident
// in those charsets, so when the bytes decode as UTF-8 we trust the bytes.
const UTF16 = /^utf-?16/;
const SINGLE_BYTE =
  /^(?:iso[-_]?8859|latin|l\d$|windows-125|cp125|koi8|us-ascii|ascii|macintosh|mac-?roman|ibm|cp\d{3}$)/;

/** The `charset` parameter of a Content-Type header, lower-cased, or null. */
export function httpCharset(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i.exec(contentType);
  const value = (m?.[1] ?? m?.[2] ?? m?.[3] ?? "").trim().toLowerCase();
  return value || null;
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: "utf-8", skip: 3 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: "utf-16be", skip: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: "utf-16le", skip: 2 };
  return null;
}

// XML 1.0 appendix F, generalized: without a BOM, ASCII markup written in UTF-16 shows up as
// zero bytes in every other position ("<?xml", but also "<rss" or leading whitespace).
function sniffUtf16(b: Uint8Array): string | null {
  const n = Math.min(b.length, 64) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.75 && evenZeros === 0) return "utf-16le";
  if (evenZeros >= pairs * 0.75 && oddZeros === 0) return "utf-16be";
  return null;
}

/** The charset named by an XML declaration or an HTML `<meta>` in the first bytes, or null. */
export function declaredCharset(head: string): string | null {
  const xml = /^[\s\S]{0,256}?<\?xml[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  if (xml) return xml[1]!.toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return meta ? meta[1]!.toLowerCase() : null;
}

// node:buffer's native validators: a JS byte loop over megabytes showed up in the profile.
function tryUtf8(b: Uint8Array): string | null {
  return isUtf8(b) ? Buffer.from(b.buffer, b.byteOffset, b.length).toString("utf8") : null;
}

// Charsets a browser reads as windows-1252: the ones whose misread UTF-8 mojibake.ts can undo.
const CP1252 = /^(?:windows-1252|cp1252|iso[-_]?8859-1|iso8859-1|latin-?1|l1|us-ascii|ascii)$/;

/** Decode with a WHATWG label, else an iconv-lite name; null when neither knows the label. */
function decodeAs(b: Uint8Array, charset: string): string | null {
  try {
    return new TextDecoder(charset, { ignoreBOM: true }).decode(b);
  } catch {
    if (iconv.encodingExists(charset))
      return iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.length), charset);
    return null;
  }
}

/**
 * Decide the charset (BOM, then HTTP charset, then XML declaration / meta, then UTF-8) and decode.
 * A declared legacy charset loses to the bytes when they are valid non-ASCII UTF-8; invalid UTF-8
 * with no usable declaration is read run by run, UTF-8 where it is and windows-1252 elsewhere.
 * Double-encoded UTF-8 ("Ã©" for "é") is repaired.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): Decoded {
  const bom = bomCharset(bytes);
  if (bom) {
    const text = decodeAs(bytes.subarray(bom.skip), bom.charset) ?? "";
    return { text, encoding: bom.charset };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decodeAs(bytes, utf16) ?? "", encoding: utf16 };

  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString("latin1");
  let declared = httpCharset(contentType) ?? declaredCharset(head);
  // A UTF-16 label on a body that sniffed as 8-bit is a lie the bytes already disproved.
  if (declared && UTF16.test(declared)) declared = null;

  if (isAscii(bytes)) {
    return {
      text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1"),
      encoding: declared ?? "utf-8",
    };
  }
  const isUtf8Label = !declared || declared === "utf-8" || declared === "utf8";
  if (isUtf8Label || SINGLE_BYTE.test(declared!)) {
    const utf8 = tryUtf8(bytes);
    if (utf8 !== null)
      return { text: mayHoldDoubleUtf8(bytes) ? repairDoubleUtf8(utf8) : utf8, encoding: "utf-8" };
  }
  if (!isUtf8Label) {
    const text = decodeAs(bytes, declared!);
    // A windows-1252 feed with an element written in UTF-8 shows it as "CafÃ©": undo that.
    const mixed = text !== null && CP1252.test(declared!) && mayHoldUtf8(bytes);
    if (text !== null) return { text: mixed ? repairDoubleUtf8(text) : text, encoding: declared! };
  }
  // UTF-8 (or undeclared) that is not valid UTF-8: elements written in windows-1252 among UTF-8
  // ones, or a windows-1252 document. Runs of bytes that are UTF-8 read as UTF-8, the other bytes
  // as windows-1252, as feedparser's per-element re-decoding would show them.
  const cp1252 = decodeAs(bytes, "windows-1252")!;
  const text = repairDoubleUtf8(cp1252);
  return { text, encoding: text === cp1252 ? "windows-1252" : "utf-8" };
}
