/**
 * A batch's keys bound as a table, in the form each engine plans well. SQLite reads one JSON array
 * with json_each. PostgreSQL gets text arrays and unnest(): its planner sees their length, where it
 * assumes 100 rows of any other set-returning function (jsonb_array_elements), and with that guess
 * chose a sequential scan of entry_sources for each feed of a first fetch (2 ms a lookup, 2.2 s of
 * the server's 5.9 s of CPU in bench/fetch.ts) instead of a few index lookups.
 */
import type { Param, Sql } from "./db.ts";

/** A table of rows for a query's FROM: its SQL, the names of its columns in order, and its parameters. */
export interface KeyRows {
  from: string;
  columns: string[];
  params: Param[];
}

/** `values` as rows of one column `j.value` (or the like: use `columns[0]`). */
export function valueRows(q: Sql, values: readonly string[]): KeyRows {
  if (q.dialect === "sqlite")
    return { from: "json_each(?) AS j", columns: ["j.value"], params: [JSON.stringify(values)] };
  return { from: "unnest(CAST(? AS text[])) AS j(value)", columns: ["j.value"], params: [textArray(values)] };
}

/** `pairs` as rows of two columns. */
export function pairRows(q: Sql, pairs: readonly (readonly [string, string])[]): KeyRows {
  if (q.dialect === "sqlite")
    return {
      from: "json_each(?) AS j",
      columns: ["j.value ->> 0", "j.value ->> 1"],
      params: [JSON.stringify(pairs)],
    };
  return {
    from: "unnest(CAST(? AS text[]), CAST(? AS text[])) AS j(a, b)",
    columns: ["j.a", "j.b"],
    params: [textArray(pairs.map((p) => p[0])), textArray(pairs.map((p) => p[1]))],
  };
}

/** `column IN (the values)`, with its parameters. */
export function valueIn(q: Sql, column: string, values: readonly string[]): { sql: string; params: Param[] } {
  const rows = valueRows(q, values);
  return { sql: `${column} IN (SELECT ${rows.columns[0]} FROM ${rows.from})`, params: rows.params };
}

/** A PostgreSQL text[] literal: every element double-quoted, `"` and `\` escaped with a backslash. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
