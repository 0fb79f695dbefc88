/** The feed health table served at /feeds: one row per configured feed, plus each digest's schedule. */
import { formatDuration } from "../config/units.ts";
import { claimHolders } from "../store/claims.ts";
import { lastDraft } from "../store/drafts.ts";
import type { Drafter } from "./drafter.ts";
import type { Poller } from "./poller.ts";
import { safeUrl } from "./redact.ts";
import type { Runtime } from "./runtime.ts";

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** The /feeds document. Secrets never appear: URLs lose credentials, errors are redacted. */
export async function feedTable(rt: Runtime, poller: Poller, drafter: Drafter): Promise<unknown> {
  const config = rt.config;
  // Several daemons (PostgreSQL): who polls each feed right now and who polled it last, from the store.
  const holders = rt.claimer ? await claimHolders(rt.db, new Date(rt.clock.now())) : null;
  const feeds = config.feeds.map((f) => {
    const s = rt.states.get(f.id);
    const p = poller.status(f.id);
    const interval = f.interval ?? config.fetch.interval;
    return {
      id: f.id,
      title: f.title ?? null,
      url: safeUrl(s?.url ?? f.url),
      interval: formatDuration(interval),
      status: s?.gone
        ? "gone"
        : (s?.consecutiveFailures ?? 0) > 0
          ? "failing"
          : s?.lastSuccess
            ? "ok"
            : "new",
      lastAttempt: s?.lastAttempt ?? null,
      lastSuccess: s?.lastSuccess ?? null,
      lastStatus: s?.lastStatus ?? null,
      lastError: s?.lastError ? rt.redact(s.lastError) : null,
      consecutiveFailures: s?.consecutiveFailures ?? 0,
      gone: s?.gone ?? false,
      entriesSeen: s?.entriesSeen ?? 0,
      nextPoll: iso(p?.nextAt),
      polling: p?.polling ?? false,
      mayHaveMissedItems: rt.missed.has(f.id),
      ...(holders && {
        heldBy: holders.get(f.id)?.heldBy ?? null,
        lastPolledBy: holders.get(f.id)?.polledBy ?? null,
      }),
    };
  });
  const next = drafter.nextSlots();
  const digests = [];
  for (const d of config.digests) {
    const last = await lastDraft(rt.db, d.id);
    digests.push({
      id: d.id,
      schedule: d.schedule ?? null,
      nextSlot: next.get(d.id)?.toISOString() ?? null,
      lastDraft: last ? { date: last.date, path: last.path, writtenAt: last.writtenAt } : null,
    });
  }
  return { feeds, digests };
}
