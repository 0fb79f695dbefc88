/** Draft-time tagging: feed tags, `tags:` rules and category mappings, recomputed on every draft. */
import { compilePatterns, type Matcher } from "./match.ts";

/** One compiled `tags:` rule. */
export interface CompiledTagRule {
  readonly tag: string;
  readonly matcher: Matcher;
}

/** The `tags:` rules in config order; that order is the order tags appear on an entry. */
export type CompiledTagRules = readonly CompiledTagRule[];

/** The fields tagging reads. */
export interface TaggableEntry {
  title: string;
  summary: string;
  categories: readonly string[];
}

/**
 * Compiles `tags:` (tag → keywords or `/regex/flags`, a single string allowed) in config order.
 * Throws AppError CONFIG naming `where.tag` for a bad pattern.
 */
export function compileTagRules(
  rules: Readonly<Record<string, string | readonly string[]>>,
  where = "tags",
): CompiledTagRules {
  return Object.freeze(
    Object.entries(rules).map(([tag, patterns]) => ({
      tag,
      matcher: compilePatterns(typeof patterns === "string" ? [patterns] : patterns, `${where}.${tag}`),
    })),
  );
}

/**
 * An entry's tags: the feed's tags first, then every rule that matches its title, summary or
 * categories (in rule order), then mapped categories; each tag once, first position wins.
 * `categoryMap` keys are compared case-insensitively.
 */
export function tagEntry(
  entry: TaggableEntry,
  rules: CompiledTagRules,
  feedTags: readonly string[],
  categoryMap?: Readonly<Record<string, string>>,
): string[] {
  const tags = new Set<string>(feedTags);
  // One text for all rules; newlines keep a keyword from spanning two fields.
  const text = [entry.title, entry.summary, ...entry.categories].join("\n");
  for (const rule of rules) {
    if (!tags.has(rule.tag) && rule.matcher.matches(text)) tags.add(rule.tag);
  }
  if (categoryMap) {
    const byKey = new Map(Object.entries(categoryMap).map(([k, v]) => [k.trim().toLowerCase(), v]));
    for (const category of entry.categories) {
      const mapped = byKey.get(category.trim().toLowerCase());
      if (mapped !== undefined) tags.add(mapped);
    }
  }
  return [...tags];
}
