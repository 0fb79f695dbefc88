/** Author strings → the person's name. */

/** `me@x.org (Name)`, `Name (me@x.org)` and `Name <me@x.org>` all give `Name`; anything else is kept as written. */
export function authorName(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(s);
  if (paren) return paren[1]!.trim() || s;
  const trailing = /^(.+?)\s*\([^()]*@[^()]*\)$/.exec(s);
  if (trailing) return trailing[1]!.trim();
  const angle = /^(.+?)\s*<[^<>@\s]+@[^<>\s]+>$/.exec(s);
  if (angle) return angle[1]!.replace(/^"(.*)"$/, "$1").trim() || s;
  return s || null;
}
