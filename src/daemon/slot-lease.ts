/** Keeping a digest slot's lease alive while it is drafted (several daemons on PostgreSQL). */
import type { Logger } from "../log.ts";
import type { Sql } from "../store/db.ts";
import { renewSlot, type SlotLease } from "../store/slots.ts";
import type { Clock, Timer } from "./clock.ts";

/** Renew the lease on `slot` every third of its lifetime until cancelled; a lost lease is logged once. */
export function renewSlotLease(
  d: { db: Sql; clock: Clock; log: Logger },
  digestId: string,
  slot: string,
  lease: SlotLease,
): { cancel(): void } {
  let timer: Timer | null = null;
  let done = false;
  const beat = async () => {
    // A store that does not answer now is retried at the next beat, before the lease runs out.
    const ok = await renewSlot(d.db, digestId, slot, lease, new Date(d.clock.now())).catch(() => true);
    if (done) return;
    if (!ok) return d.log.warn({ digest: digestId, slot }, "slot lease lost while drafting");
    timer = d.clock.after(lease.ttlMs / 3, () => void beat());
  };
  timer = d.clock.after(lease.ttlMs / 3, () => void beat());
  return {
    cancel() {
      done = true;
      timer?.cancel();
    },
  };
}
