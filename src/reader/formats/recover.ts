/** Repairs applied to feed text before tokenizing: the ones a forgiving tokenizer cannot make. */

const DOCTYPE = /<!DOCTYPE\s[^[>]*(?:\[([\s\S]*?)\]\s*)?>/i;
// Only internal entities with literal values: no SYSTEM/PUBLIC (XXE), no "&" inside (no nesting,
// so no billion laughs), and a total expansion budget (no quadratic blowup).
const ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&%<]*)"|'([^'&%<]*)')\s*>/g;
const MAX_EXPANSION = 1 << 20;

function firstElement(text: string): number {
  const m = /<[A-Za-z_]/.exec(text);
  return m ? m.index : text.length;
}

/** The literal internal entities a DOCTYPE subset declares, name → replacement text. */
export function internalEntities(subset: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of subset.matchAll(ENTITY)) if (!out.has(m[1]!)) out.set(m[1]!, m[2] ?? m[3] ?? "");
  return out;
}

function expand(body: string, entities: Map<string, string>): string {
  if (entities.size === 0) return body;
  const ref = /&([A-Za-z_][\w.-]*);/g;
  let growth = 0;
  for (const m of body.matchAll(ref)) {
    const value = entities.get(m[1]!);
    if (value !== undefined) growth += value.length;
    if (growth > MAX_EXPANSION + body.length) return body; // hostile: leave every reference as written
  }
  return body.replace(ref, (whole, name: string) => entities.get(name) ?? whole);
}

/**
 * Drop junk before the first tag, remove the prolog's DOCTYPE (its internal subset would
 * otherwise confuse the tokenizer) and expand the safe internal entities it declared.
 */
export function recoverXml(text: string): string {
  const start = text.indexOf("<");
  const out = start > 0 ? text.slice(start) : text;
  // Only the prolog can hold a DOCTYPE; searching the whole body would cost a full scan.
  const doctype = out.slice(0, firstElement(out)).search(/<!DOCTYPE/i);
  if (doctype < 0) return out;
  const rest = out.slice(doctype);
  const m = DOCTYPE.exec(rest);
  if (m?.index !== 0) return out;
  const entities = internalEntities(m[1] ?? "");
  return out.slice(0, doctype) + expand(rest.slice(m[0].length), entities);
}
