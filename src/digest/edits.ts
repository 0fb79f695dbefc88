/** An editor's choices in a draft (items deleted or reordered), read back from the item markers. */
import type { SelectedItem, Selection } from "./select.ts";

const MARKER = /<!-- feedwright:item ([0-9a-f]+) -->/g;

/** The entry ids of the items present in a draft, in the order the editor left them. */
export function readItemMarkers(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[1]!);
}

/**
 * Apply an editor's choices to a fresh selection: a story that was in the previous draft but whose
 * marker the editor deleted stays out (listed as a candidate); the stories the editor kept stay, in
 * the editor's order, even if ranking would now cut them; new stories follow in ranking order, up
 * to `maxItems` in all.
 */
export function applyEdits(
  sel: Selection,
  present: readonly string[],
  previous: ReadonlySet<string>,
  maxItems: number,
): Selection {
  const stories = [...sel.items, ...sel.rest];
  const byId = new Map(stories.map((s) => [s.entry.id, s]));
  const kept = present.map((id) => byId.get(id)).filter((s): s is SelectedItem => s !== undefined);
  const keptIds = new Set(kept.map((s) => s.entry.id));
  const removed = stories.filter((s) => previous.has(s.entry.id) && !keptIds.has(s.entry.id));
  const fresh = stories.filter((s) => !previous.has(s.entry.id) && !keptIds.has(s.entry.id));
  const room = Math.max(0, maxItems - kept.length);
  const items = [...kept, ...fresh.slice(0, room)];
  const cut = fresh.slice(room).filter((s) => !sel.candidates.some((c) => c.entry.id === s.entry.id));
  const chosen = new Set(items.map((s) => s.entry.id));
  const removedIds = new Set(removed.map((s) => s.entry.id));
  return {
    items,
    rest: stories.filter((s) => !chosen.has(s.entry.id) && !removedIds.has(s.entry.id)),
    candidates: [
      ...removed.map((s) => ({ entry: s.entry, tags: s.tags, reason: "removed by the editor" })),
      ...cut.map((s) => ({ entry: s.entry, tags: s.tags, reason: `below the cut: maxItems ${maxItems}` })),
      ...sel.candidates.filter((c) => !chosen.has(c.entry.id) && !removedIds.has(c.entry.id)),
    ],
  };
}
