/** Front matter with the yaml library: always valid YAML whatever a feed title contains. */
import { Document, isScalar, Scalar, stringify } from "yaml";
import { visibleText } from "./text.ts";

/** Keys in the seed's order; any other frontMatter keys follow in config order. */
const ORDER = ["layout", "title", "date", "author", "source", "categories", "tags"];
/** String values the seed writes double-quoted. */
const QUOTED = new Set(["title", "author", "source"]);

/**
 * Every string in `value` without bidi controls or U+2028/U+2029 (which YAML 1.1 readers take for
 * line breaks). Braces stay: Jekyll and Hugo never run Liquid or shortcodes in front matter, and
 * a site's layouts print `page.title` as a value, so `{{ x }}` in a title shows as written.
 */
function visibleValue(value: unknown): unknown {
  if (typeof value === "string") return visibleText(value);
  if (Array.isArray(value)) return value.map(visibleValue);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleValue(v)]));
  }
  return value;
}

/**
 * The `---` block. Serialized as YAML 1.1, which Jekyll (Ruby's Psych) reads: strings such as `no`,
 * `on` or `2026-01-15` are quoted so they stay strings. The draft `date` alone is written plain so
 * that Jekyll and Hugo both read it as a date.
 */
export function frontMatter(data: Readonly<Record<string, unknown>>): string {
  const keys = [...ORDER.filter((k) => k in data), ...Object.keys(data).filter((k) => !ORDER.includes(k))];
  let out = "---\n";
  for (const key of keys) {
    const value = visibleValue(data[key]);
    if (value === undefined) continue;
    if (key === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      out += `date: ${value}\n`;
      continue;
    }
    const doc = new Document({}, { version: "1.1" });
    const node = doc.createNode(value);
    if (isScalar(node) && typeof node.value === "string" && QUOTED.has(key)) node.type = Scalar.QUOTE_DOUBLE;
    doc.set(key, node);
    out += doc.toString({ lineWidth: 0, indentSeq: true });
  }
  return `${out}---\n`;
}

/**
 * A single YAML value on one line (flow style), for templates that write their own YAML, already
 * inert in the site (render.ts leaves it to this, since `&#123;` would break a flow mapping and show
 * in titles): every string is double-quoted with `{`, `}` and the `>` of `-->` written as the YAML
 * escapes `\x7B`, `\x7D`, `\x3E`, which the site's YAML reader turns back. The braces left are
 * a flow collection's, padded (`{ a: 1 }`), so they never make `{{`, `{%` or a comment end.
 */
export function yamlValue(value: unknown): string {
  return stringify(visibleValue(value) ?? null, {
    lineWidth: 0,
    collectionStyle: "flow",
    defaultStringType: "QUOTE_DOUBLE",
    defaultKeyType: "QUOTE_DOUBLE",
    flowCollectionPadding: true,
  })
    .trimEnd()
    .replace(/"(?:[^"\\]|\\.)*"/g, (q) =>
      q.replace(/[{}]/g, (c) => (c === "{" ? "\\x7B" : "\\x7D")).replace(/--(!?)>/g, "--$1\\x3E"),
    );
}
