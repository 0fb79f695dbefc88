/** Turning a model's raw answer into data: strip <think>, code fences, Markdown and HTML; read the JSON. */

/** A reasoning model's `<think>…</think>` (or an unterminated one) removed. */
export function stripThink(text: string): string {
  return text
    .replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, "")
    .replace(/^\s*<(think|thinking|reasoning)>[\s\S]*$/i, "")
    .trim();
}

/** The JSON object in an answer that may be wrapped in a code fence or surrounded by prose; null when none parses. */
export function extractJson(raw: string): Record<string, unknown> | null {
  const text = stripThink(raw);
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  const candidates = [text, fenced?.[1] ?? ""];
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const c of candidates) {
    const t = c.trim();
    if (!t.startsWith("{")) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // Try the next reading of the answer.
    }
  }
  return null;
}

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>()[\]"'，。、！？）]+/gi;

/** Every URL an answer mentions, in links or bare, before they are stripped (they must be grounded). */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_RE)].map((m) => m[0].replace(/[.,;:!?]+$/, ""));
}

/**
 * Plain text from a model's field: no <think>, HTML, Markdown emphasis, headings, lists, images,
 * links (their text is kept) or bare URLs; links in a draft only ever come from the feed.
 */
export function toPlainText(text: string): string {
  return stripThink(text)
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(/<\/?[A-Za-z][^>]*>/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<((?:https?|ftp):[^>]*)>/gi, "")
    .replace(URL_RE, "")
    .replace(/```[a-z]*|`/gi, "")
    .replace(/(\*\*|__|\*|~~)(?=\S)([^*_~]*?\S)\1/g, "$2")
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "")
    .replace(/[<>]/g, (c) => (c === "<" ? "‹" : "›"))
    .replace(/\s*\n\s*/g, " ")
    .replace(/\s{2,}/g, " ")
    .replace(/\(\s*\)|（\s*）/g, "")
    .trim();
}

/** Text safe inside an HTML comment (no `-->` that would end it early), on one line. */
export function commentSafe(text: string): string {
  return text.replace(/\s+/g, " ").replace(/--!?>/g, "- ->").trim();
}
