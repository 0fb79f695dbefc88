/** Turns zod issues into one-line messages: `feeds.yaml: feeds[0].url: must be … (got …)`. */
import type { z } from "zod";

/** `feeds[0].url` from ["feeds", 0, "url"]. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out || "(top level)";
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  int: "a whole number",
};

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The object keys a schema accepts at `path`, when it is (wrapping) an object schema. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definition tree
  let s: any = schema;
  const unwrap = () => {
    while (s?.def && ["optional", "default", "nullable", "pipe", "prefault"].includes(s.def.type)) {
      s = s.def.type === "pipe" ? s.def.in : s.def.innerType;
    }
  };
  for (const p of path) {
    unwrap();
    if (typeof p === "number") s = s?.def?.element;
    else s = s?.def?.shape?.[p as string];
  }
  unwrap();
  return s?.def?.shape ? Object.keys(s.def.shape) : [];
}

/** One message per problem, without the file prefix. */
export function formatIssue(issue: z.core.$ZodIssue, schema: z.ZodType): string[] {
  const where = keyPath(issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysAt(schema, issue.path);
      return issue.keys.map((k) => {
        const near = known.filter((n) => distance(n.toLowerCase(), k.toLowerCase()) <= 2);
        const hint =
          near.length > 0
            ? `; did you mean "${near[0]}"?`
            : known.length
              ? ` (expected one of: ${known.join(", ")})`
              : "";
        return `${keyPath([...issue.path, k])}: unknown key${hint}`;
      });
    }
    case "invalid_type": {
      if (issue.input === undefined) return [`${where}: is required`];
      const expected = ARTICLE[issue.expected] ?? issue.expected;
      return [`${where}: must be ${expected} (got ${describe(issue.input)})`];
    }
    case "invalid_value":
      return [
        `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describe(issue.input)})`,
      ];
    case "too_small":
      if (issue.origin === "array")
        return [
          `${where}: ${issue.message.startsWith("must") ? issue.message : `must have at least ${issue.minimum} item(s)`}`,
        ];
      if (issue.origin === "string") return [`${where}: must not be empty`];
      return [
        `${where}: must be ${issue.inclusive ? "at least" : "greater than"} ${issue.minimum} (got ${describe(issue.input)})`,
      ];
    case "too_big":
      return [
        `${where}: must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum} (got ${describe(issue.input)})`,
      ];
    case "invalid_format":
      return [`${where}: ${issue.message.replace("%s", describe(issue.input))}`];
    case "invalid_union":
      return [`${where}: has the wrong type (got ${describe(issue.input)})`];
    default:
      return [`${where}: ${issue.message.replace("%s", describe(issue.input))}`];
  }
}
