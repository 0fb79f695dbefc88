/**
 * Undoing mojibake: UTF-8 bytes that were read as windows-1252 (or Latin-1) somewhere, so that
 * "é" shows as "Ã©" and "’" as "â€™". Both repairs work on the characters such a misreading
 * produces: a run of them that maps back to bytes forming valid UTF-8 is decoded as UTF-8.
 *
 * Hand-written rather than a library: the npm packages for this (fix-utf8, fix-latin1-to-utf8)
 * are tables of a few hundred Latin-1 pairs applied one replace() at a time, blind to Greek,
 * Cyrillic or CJK text and to the windows-1252 bytes undefined in Latin-1, and they "repair" any
 * pair that matches. Mapping back to bytes covers every character and keeps UTF-8's own rules.
 */

// What bytes 0x80–0x9F read as in windows-1252 (the five it leaves undefined read as C1
// controls, per WHATWG), so that every byte 0x00–0xFF maps to one character and back.
const HIGH = new TextDecoder("windows-1252").decode(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));
const BYTE_OF = new Map<number, number>();
for (let i = 0; i < HIGH.length; i++) BYTE_OF.set(HIGH.charCodeAt(i), 0x80 + i);

const hex = (c: number) => `\\u${c.toString(16).padStart(4, "0")}`;
// A UTF-8 continuation byte (0x80–0xBF) as either misreading shows it.
const CONT = `[\\u0080-\\u00bf${[...BYTE_OF.keys()]
  .filter((c) => c > 0xff)
  .map(hex)
  .join("")}]`;
const SEQ = `[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`;
const RUN = new RegExp(`(?:${SEQ})+`, "g");
const UTF8 = new TextDecoder("utf-8", { fatal: true });

function bytesOf(run: string): Uint8Array {
  const out = new Uint8Array(run.length);
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    out[i] = c <= 0xff ? c : BYTE_OF.get(c)!;
  }
  return out;
}

// In text that is otherwise right, one two-byte sequence led by "Ä"…"ß" can be real: "CAFÉ…",
// "Fuß“". Runs of two or more, "Â"/"Ã" leads (Latin-1 letters, the common case) and three- and
// four-byte sequences practically never are. A lone one whose second character is no windows-1252
// punctuation ("Ð²", Russian "в") is repaired too once the same text had a certain repair.
function plausible(run: string, sure: boolean): boolean {
  return run.length > 2 || run.charCodeAt(0) <= 0xc3 || (sure && run.charCodeAt(1) <= 0xff);
}

function decodeRun(run: string): string {
  try {
    return UTF8.decode(bytesOf(run));
  } catch {
    return run; // an overlong form or a surrogate: not UTF-8 after all
  }
}

function repairOnce(text: string): string {
  RUN.lastIndex = 0;
  if (!RUN.test(text)) return text;
  let repaired = 0;
  let doubtful = 0;
  const out = text.replace(RUN, (run) => {
    if (!plausible(run, false)) {
      doubtful++;
      return run;
    }
    const fixed = decodeRun(run);
    if (fixed !== run) repaired++;
    return fixed;
  });
  if (repaired === 0 || doubtful === 0) return out;
  return out.replace(RUN, (run) => (plausible(run, true) ? decodeRun(run) : run));
}

// Bytes that can start a UTF-8 sequence a windows-1252 reader turned into a Latin letter: the
// Latin-1 block, Latin Extended-A, Greek, Cyrillic and the punctuation block; the probe below looks
// for each with indexOf (native) instead of reading every byte in JavaScript.
const LEADS = [0xc2, 0xc3, 0xc4, 0xc5, 0xce, 0xcf, 0xd0, 0xd1, 0xe2];

/** True when one-byte-charset bytes hold something that reads as UTF-8 (an element written in it). */
export function mayHoldUtf8(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (const lead of LEADS) {
    for (let i = b.indexOf(lead); i >= 0 && i + 1 < b.length; i = b.indexOf(lead, i + 1)) {
      if ((b[i + 1]! & 0xc0) === 0x80) return true;
    }
  }
  return false;
}

/**
 * True when valid UTF-8 bytes may hold double-encoded text: every such sequence starts with a
 * character U+00C2–U+00F4 (bytes C3 82–C3 B4) followed by one whose UTF-8 starts C2, C5, C6, CB
 * or E2 (U+0080–U+00BF, or windows-1252's punctuation and letters above U+00FF).
 */
export function mayHoldDoubleUtf8(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = b.indexOf(0xc3); i >= 0 && i + 2 < b.length; i = b.indexOf(0xc3, i + 1)) {
    const second = b[i + 1]!;
    const next = b[i + 2]!;
    if (second < 0x82 || second > 0xb4) continue;
    if (next === 0xc2 || next === 0xc5 || next === 0xc6 || next === 0xcb || next === 0xe2) return true;
  }
  return false;
}

/**
 * Repair UTF-8 read as windows-1252: text encoded twice (or three times), "CafÃ©" → "Café", and
 * the UTF-8 elements of bytes decoded as windows-1252 because other elements were. A lone pair
 * that may be meant ("CAFÉ…") is left alone: an undeclared windows-1252 feed stays as written.
 */
export function repairDoubleUtf8(text: string): string {
  let out = text;
  for (let pass = 0; pass < 3; pass++) {
    const next = repairOnce(out);
    if (next === out) break;
    out = next;
  }
  return out;
}
