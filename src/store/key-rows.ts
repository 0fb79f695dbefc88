/**
 * A batch's keys bound as a table, and the lookups by them, in the form each engine runs well.
 * SQLite reads one JSON array with json_each and always probes the index per key. PostgreSQL gets
 * text arrays, and its lookups are written so that the plan never depends on its guess of the
 * batch's size: jsonb_array_elements is guessed at 100 rows, whatever it holds, which made it scan
 * entry_sources whole for each feed of a first fetch (2 ms a lookup, 2.2 s of the server's 5.9 s in
 * bench/fetch.ts); unnest() is sized right, but then a 2,000-key batch against a large table gets a
 * hash join over the whole table (56 ms a lookup in bench/draft.ts's ingest) where 2,000 index
 * probes cost a few milliseconds.
 */
import type { Param, Sql } from "./db.ts";

/** A table of rows for a query's FROM: its SQL, the names of its columns in order, and its parameters. */
export interface KeyRows {
  from: string;
  columns: string[];
  params: Param[];
}

/** SQL with its parameters. */
export interface Query {
  sql: string;
  params: Param[];
}

/** `values` as rows of one column. */
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

/**
 * `SELECT <select>` of the row of `table` (as `alias`) whose unique key `keyColumns` each row of
 * `keys` names; keys naming no row give nothing. On PostgreSQL a LATERAL subquery with LIMIT 1,
 * which its planner runs as one index probe per key and cannot turn into a join over the table.
 */
export function probeUnique(
  q: Sql,
  keys: KeyRows,
  table: string,
  alias: string,
  keyColumns: readonly string[],
  select: string,
): Query {
  const on = keyColumns.map((c, i) => `${alias}.${c} = ${keys.columns[i]}`).join(" AND ");
  const sql =
    q.dialect === "sqlite"
      ? `SELECT ${select} FROM ${keys.from} JOIN ${table} AS ${alias} ON ${on}`
      : `SELECT ${select} FROM ${keys.from} CROSS JOIN LATERAL (SELECT * FROM ${table} AS ${alias} WHERE ${on} LIMIT 1) AS ${alias}`;
  return { sql, params: keys.params };
}

/** `column IN (the values)`; on PostgreSQL `= ANY(array)`, an index scan for any number of values. */
export function valueIn(q: Sql, column: string, values: readonly string[]): Query {
  if (q.dialect === "sqlite")
    return { sql: `${column} IN (SELECT j.value FROM json_each(?) AS j)`, params: [JSON.stringify(values)] };
  return { sql: `${column} = ANY(CAST(? AS text[]))`, params: [textArray(values)] };
}

/** A PostgreSQL text[] literal: every element double-quoted, `"` and `\` escaped with a backslash. */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
