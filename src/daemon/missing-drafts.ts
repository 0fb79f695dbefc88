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

const DAY_MS = 86_400_000;

/**
 * Remembers each schedule's latest slot and when it last looked, so a scrape searches only the minutes
 * since the previous one (as the drafter does): a full 35-day search costs ~0.3 s for a yearly schedule.
 */
export class MissingDrafts {
  private readonly slots = new Map<string, { slot: Date | null; checked: number }>();

  /**
   * Per digest: true when its latest slot (at most CATCH_UP_DAYS back) failed, was abandoned by a stopped
   * daemon, or is not drafted yet (the alert's `for:` allows for a draft in progress), and no draft of the
   * digest was written since. An empty or skipped slot is settled.
   */
  async check(
    db: Db,
    timezone: string,
    digests: readonly ScheduledDigest[],
    now: Date,
  ): Promise<[string, boolean][]> {
    const live = new Set<string>();
    const result: [string, boolean][] = [];
    for (const g of digests) result.push(await this.one(db, g, timezone, now, live));
    for (const key of this.slots.keys()) if (!live.has(key)) this.slots.delete(key);
    return result;
  }

  private async one(
    db: Db,
    g: ScheduledDigest,
    timezone: string,
    now: Date,
    live: Set<string>,
  ): Promise<[string, boolean]> {
    const at = now.getTime();
    const key = `${g.id} ${g.schedule} ${timezone}`;
    live.add(key);
    const hit = this.slots.get(key);
    // Null on the first look, or when the clock was set back: then the whole window is searched.
    const back =
      hit && hit.checked <= at ? Math.min(CATCH_UP_DAYS, (at - hit.checked + 60_000) / DAY_MS) : null;
    const found = previousSlot(g.schedule, timezone, now, back ?? CATCH_UP_DAYS);
    let slot = back === null ? found : (found ?? hit!.slot);
    if (slot && at - slot.getTime() > CATCH_UP_DAYS * DAY_MS) slot = null;
    this.slots.set(key, { slot, checked: at });
    if (!slot) return [g.id, false];
    const iso = slot.toISOString();
    const status = (await getSlot(db, g.id, iso))?.status;
    if (status && SETTLED.has(status)) return [g.id, false];
    const draft = await lastDraft(db, g.id);
    return [g.id, !(draft && draft.writtenAt >= iso)];
  }
}
