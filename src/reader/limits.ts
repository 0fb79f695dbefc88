/**
 * Bounds that keep one hostile or absurd document from exhausting a long-running daemon.
 * Each is far above anything a real feed needs (the largest real feeds seen carry a few
 * thousand entries and a few tens of thousands of elements).
 */

/** Elements nested deeper than this are counted, not built: no feed needs them. */
export const MAX_DEPTH = 200;

/**
 * Elements after this many are counted, not built, text included (a 5 MB file of `<a/>` is 1.25
 * million); runs of text after this many (CDATA sections, text split by comments) are dropped.
 */
export const MAX_ELEMENTS = 500_000;

/**
 * Elements inside one entry after this many are counted, not built, text included: enough
 * for MAX_FIELD_CHARS of XHTML markup, while a million tags or categories in one entry are not.
 */
export const MAX_ENTRY_ELEMENTS = 100_000;

/** Entries after this many are not reported (nor built: xmlbuild.ts). */
export const MAX_ENTRIES = 10_000;

/**
 * Characters of one field of one entry (its content, summary, title, id, …) that are read; the
 * rest is cut, a plain-text field then ending in "…". Every step after the tree (decoding
 * entities, serializing XHTML, stripping tags, sanitizing) thus works on at most this much, so
 * memory and time per field stay bounded whatever the markup: a million escaped tags took 750 MB
 * before (bench/README.md, hostile). Long-form posts are a few hundred KB; this is several times that.
 */
export const MAX_FIELD_CHARS = 2 * 1024 * 1024;

/** Categories stored per entry (the first ones, duplicates removed): real posts carry a few dozen. */
export const MAX_CATEGORIES = 1000;
