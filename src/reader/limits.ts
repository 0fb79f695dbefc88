/**
 * Bounds that keep one hostile or absurd document from exhausting a long-running daemon.
 * Each is far above anything a real feed needs (the largest real feeds seen carry a few
 * thousand entries and a few tens of thousands of elements).
 */

/** Elements nested deeper than this are counted, not built: no feed needs them. */
export const MAX_DEPTH = 200;

/** Elements after this many are counted, not built (a 5 MB file of `<a/>` is 1.25 million). */
export const MAX_ELEMENTS = 500_000;

/** Entries after this many are not reported. */
export const MAX_ENTRIES = 10_000;
