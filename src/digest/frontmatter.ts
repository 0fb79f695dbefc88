/** Front matter with the yaml library: always valid YAML whatever a feed title contains. */
import { Document, isScalar, Scalar, stringify } from "yaml";

/** Keys in the seed's order; any other frontMatter keys follow in config order. */
const ORDER = ["layout", "title", "date", "author", "source", "categories", "tags"];
/** String values the seed writes double-quoted. */
const QUOTED = new Set(["title", "author", "source"]);

/** The `---` block: `data` serialized as YAML, `date` left plain so Jekyll and Hugo read it as a date. */
export function frontMatter(data: Readonly<Record<string, unknown>>): string {
  const keys = [...ORDER.filter((k) => k in data), ...Object.keys(data).filter((k) => !ORDER.includes(k))];
  const doc = new Document({});
  for (const key of keys) {
    const value = data[key];
    if (value === undefined) continue;
    const node = doc.createNode(value);
    if (isScalar(node) && typeof node.value === "string") {
      if (QUOTED.has(key)) node.type = Scalar.QUOTE_DOUBLE;
      else if (key === "date" && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) node.type = Scalar.PLAIN;
    }
    doc.set(key, node);
  }
  const body = doc.toString({ lineWidth: 0, indentSeq: true });
  return `---\n${body}---\n`;
}

/** A single YAML value on one line (flow style), for templates that write their own YAML. */
export function yamlValue(value: unknown): string {
  return stringify(value ?? null, {
    lineWidth: 0,
    collectionStyle: "flow",
    defaultStringType: "QUOTE_DOUBLE",
  }).trimEnd();
}
