/**
 * Our SQL's `?` placeholders made PostgreSQL's: numbered (`$1, $2, …`) for a statement sent with its
 * values, or replaced by the values as literals (pg's own escaping) for a simple query (a script of
 * several statements, a transaction's first statement after BEGIN), one round trip either way.
 */
import { hash } from "node:crypto";
import pg from "pg";
import { AppError } from "../../errors.ts";
import type { Param, RunOptions } from "../db.ts";

// A `?` inside a quoted literal or name would be taken for a placeholder by toPg() and inline():
// our SQL never has one, and a text that did is refused the first time it is seen (INTERNAL).
const checked = new Set<string>();
function checkPlaceholders(text: string): void {
  if (checked.has(text)) return;
  let quote: string | null = null; // inside '…' or "…" (a doubled quote inside leaves and re-enters)
  for (const c of text) {
    if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
    else if (c === "?" && quote !== null)
      throw new AppError("INTERNAL", `a statement has a "?" inside quotes: ${text.slice(0, 80)}`);
  }
  checked.add(text);
}

/** `?` placeholders → `$1, $2, …`. */
const numbered = new Map<string, string>();
function toPg(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    checkPlaceholders(text);
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, out);
  }
  return out;
}

/**
 * The statement as pg sends it: without values as it is (a simple query, which may hold several
 * statements); with values numbered, and named when `opts.prepare` says so: pg then parses it once
 * per connection and the server may keep its plan (a name per text, so two texts never share one).
 */
export function pgQuery(text: string, params: readonly Param[], opts?: RunOptions): pg.QueryConfig {
  if (params.length === 0) return { text };
  const numberedText = toPg(text);
  if (!opts?.prepare) return { text: numberedText, values: params as unknown[] };
  return { name: nameOf("fw", numberedText), text: numberedText, values: params as unknown[] };
}

/**
 * A prepared statement's name: one per text, so two texts never share one; `prefix` keeps the ones pg
 * prepares (it tracks them per connection) apart from those a script PREPAREs (the engine tracks them).
 */
function nameOf(prefix: "fw" | "fwx", numberedText: string): string {
  const key = `${prefix} ${numberedText}`;
  let name = names.get(key);
  if (name === undefined) {
    name = `${prefix}_${hash("sha1", numberedText).slice(0, 24)}`;
    names.set(key, name);
  }
  return name;
}
const names = new Map<string, string>();

/** `?` placeholders → the values as SQL literals (pg's escaping), for a script sent as one simple query. */
export function inline(text: string, params: readonly Param[]): string {
  checkValues(text, params);
  let i = 0;
  return text.replace(/\?/g, () => literal(params[i++]!));
}

/**
 * A statement of a simple query that runs `text` prepared on the connection: `EXECUTE name(values as
 * literals)`, and `prepare` (the `PREPARE name AS …` to send before it) when the connection lacks it.
 */
export function executeText(
  text: string,
  params: readonly Param[],
): { name: string; prepare: string; execute: string } {
  checkValues(text, params);
  const numbered = toPg(text);
  const name = nameOf("fwx", numbered);
  const args = params.length > 0 ? `(${params.map(literal).join(", ")})` : "";
  return { name, prepare: `PREPARE ${name} AS ${numbered}`, execute: `EXECUTE ${name}${args}` };
}

/**
 * Values about to become literals: as many as the text has placeholders, none inside quotes. pg checks
 * the count of a statement's parameters; inlined, a missing value would become NULL silently.
 */
function checkValues(text: string, params: readonly Param[]): void {
  checkPlaceholders(text);
  const marks = text.split("?").length - 1;
  if (marks !== params.length)
    throw new AppError("INTERNAL", `a statement has ${marks} placeholders and ${params.length} values`);
}

/** One value as an SQL literal. */
function literal(v: Param | undefined): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return `(${v})`;
  }
  if (typeof v === "string") return pg.escapeLiteral(v);
  return `decode('${Buffer.from(v).toString("hex")}', 'hex')`;
}
