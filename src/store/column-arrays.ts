/**
 * PostgreSQL: rows bound as one array per column, in the server's binary array format. A statement
 * reading them through unnest() has one text whatever the number of rows, so it is prepared once per
 * connection; the multi-row VALUES it replaces was parsed and planned anew for each count of rows.
 * Binary, because a text array literal escapes every `"` and `\` of the articles' HTML on the way
 * out and the server unescapes them again: of three ways measured this cost the server the least
 * (bench/README.md, "store engines").
 */
import type { Param } from "./db.ts";

/** Column types the arrays may hold, with their PostgreSQL type OIDs. */
const OID = { text: 25, integer: 23 } as const;
export type ColumnType = keyof typeof OID;

/** `rows` as `unnest(CAST(? AS type[]), …)` and its parameters, one binary array per column of `types`. */
export function columnArrays(
  rows: readonly (readonly Param[])[],
  types: readonly ColumnType[],
): { from: string; params: Uint8Array[] } {
  return {
    from: `unnest(${types.map((t) => `CAST(? AS ${t}[])`).join(", ")})`,
    params: types.map((t, i) =>
      binaryArray(
        rows.map((r) => r[i]!),
        t,
      ),
    ),
  };
}

/**
 * One-dimensional array in PostgreSQL's binary format (array_send): dimensions, a has-nulls flag, the
 * element type, then each element as its length (-1 for NULL) and bytes; integers big-endian. Text
 * is UTF-8, a lone surrogate becoming U+FFFD as it does in pg's text parameters.
 */
export function binaryArray(values: readonly Param[], type: ColumnType): Buffer {
  let size = values.length === 0 ? 12 : 20;
  for (const v of values) {
    if (v === null) size += 4;
    else if (type === "integer") {
      if (typeof v !== "number" || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
        throw new TypeError(`binaryArray: not a 32-bit integer: ${String(v)}`);
      size += 8;
    } else {
      if (typeof v !== "string") throw new TypeError(`binaryArray: not text: ${typeof v}`);
      size += 4 + Buffer.byteLength(v);
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  at = out.writeInt32BE(values.includes(null) ? 1 : 0, at);
  at = out.writeInt32BE(OID[type], at);
  if (values.length === 0) return out;
  at = out.writeInt32BE(values.length, at);
  at = out.writeInt32BE(1, at); // lower bound
  for (const v of values) {
    if (v === null) at = out.writeInt32BE(-1, at);
    else if (type === "integer") at = out.writeInt32BE(v as number, out.writeInt32BE(4, at));
    else {
      const n = out.write(v as string, at + 4);
      out.writeInt32BE(n, at);
      at += 4 + n;
    }
  }
  return out;
}
