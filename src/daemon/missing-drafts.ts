/**
 * Which scheduled digests lack the draft of their latest slot, for the feedwright_draft_missing gauge:
 * read from the store at each scrape, so it survives restarts and clears as soon as someone drafts by hand.
 */
import { previousSlot } from "../schedule.ts";
import type { Db } from "../store/db.ts";
import { lastDraft } from "../store/drafts.ts";
import { getSlot } from "../store/slots.ts";
import { CATCH_UP_DAYS, type ScheduledDigest } from "./drafter.ts";

/** A slot that ended like this needs no draft: nothing to draft (empty), or deliberately not drafted. */
const SETTLED = new Set(["written", "empty", "skipped"]);

/** Remembers each schedule's latest slot for the current minute (slots have minute resolution; the search costs milliseconds). */
export class MissingDrafts {
  private readonly slots = new Map<string, { slot: Date | null; until: number }>();

  /**
   * Per digest: true when its latest slot (at most CATCH_UP_DAYS back) failed, was abandoned by a stopped
   * daemon, or is not drafted yet (the alert's `for:` allows for a draft in progress), and no draft of the
   * digest was written since. An empty or skipped slot is settled.
   */
  check(db: Db, timezone: string, digests: readonly ScheduledDigest[], now: Date): [string, boolean][] {
    const live = new Set<string>();
    const result: [string, boolean][] = digests.map((g) => {
      const key = `${g.id} ${g.schedule} ${timezone}`;
      live.add(key);
      let hit = this.slots.get(key);
      if (!hit || now.getTime() >= hit.until) {
        const slot = previousSlot(g.schedule, timezone, now, CATCH_UP_DAYS);
        hit = { slot, until: Math.floor(now.getTime() / 60_000) * 60_000 + 60_000 };
        this.slots.set(key, hit);
      }
      if (!hit.slot) return [g.id, false];
      const at = hit.slot.toISOString();
      const status = getSlot(db, g.id, at)?.status;
      if (status && SETTLED.has(status)) return [g.id, false];
      const draft = lastDraft(db, g.id);
      return [g.id, !(draft && draft.writtenAt >= at)];
    });
    for (const key of this.slots.keys()) if (!live.has(key)) this.slots.delete(key);
    return result;
  }
}
