/**
 * Digest schedules: on start and at each cron slot, draft every digest whose latest slot has not been
 * handled — which is also the catch-up after downtime. Slots are claimed in the store before drafting,
 * so each is drafted at most once, even across restarts. node-cron (via schedule.ts) does the slot
 * arithmetic; the timer is ours so the clock can be injected and a missed slot is noticed.
 */
import type { Config } from "../config.ts";
import { localDate } from "../digest/window.ts";
import type { Logger } from "../log.ts";
import { nextSlot, previousSlot } from "../schedule.ts";
import type { Db } from "../store/db.ts";
import { getDraft } from "../store/drafts.ts";
import {
  claimSlot,
  finishSlot,
  getSlot,
  releaseSlot,
  type SlotLease,
  type SlotStatus,
  skipSlot,
} from "../store/slots.ts";
import type { Clock, Timer } from "./clock.ts";
import { renewSlotLease } from "./slot-lease.ts";

/** A slot older than this is not caught up (a monthly schedule still is). */
export const CATCH_UP_DAYS = 35;
/** Wake at least this often, so a changed wall clock or a long sleep is noticed. */
const MAX_SLEEP_MS = 3_600_000;

/** A scheduled digest. */
export interface ScheduledDigest {
  id: string;
  schedule: string;
}

/** The digests the daemon drafts: those with a `schedule`. */
export function scheduledDigests(config: Config): ScheduledDigest[] {
  return config.digests.flatMap((d) => (d.schedule ? [{ id: d.id, schedule: d.schedule }] : []));
}

/** How drafting a slot ended; "interrupted" (shutdown before drafting) hands the slot back. */
export interface DraftResult {
  status: Exclude<SlotStatus, "started" | "skipped"> | "interrupted";
  detail: string | null;
}

/** What the drafter needs. */
export interface DrafterDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Current schedules and zone (they change on SIGHUP). */
  schedules: () => { timezone: string; digests: readonly ScheduledDigest[] };
  /**
   * Several daemons on PostgreSQL: slots are claimed with this lease, renewed while drafting, and a
   * slot whose daemon died mid-draft is taken over once the lease expires. Absent: never redrafted.
   */
  lease?: SlotLease;
  /** Poll what is due, draft `digestId` for `date`, publish; throws only on bugs. */
  draft: (digestId: string, date: string, slot: Date) => Promise<DraftResult>;
}

/** The drafting scheduler; runs one draft at a time. */
export class Drafter {
  private readonly d: DrafterDeps;
  private timer: Timer | null = null;
  private stopped = true;
  private chain: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private readonly warned = new Set<string>();
  /**
   * Slots another daemon is drafting (leases): looked at again whenever this one wakes, however far
   * back they lie, so that one whose daemon died is taken over after its lease.
   */
  private readonly watching = new Map<string, { digestId: string; slot: Date; date: string }>();
  /** The schedules last acted on, to tell which ones a reload changed. */
  private known = new Map<string, string>();
  private lastCheck: number | null = null;
  private readonly nextCache = new Map<string, Date | null>();
  private readonly startedAt: number;

  constructor(deps: DrafterDeps) {
    this.d = deps;
    this.startedAt = deps.clock.now();
  }

  /** Look for missed slots now (catch-up), then wake at each slot; resolves once that look and its drafts are done. */
  start(): Promise<void> {
    this.stopped = false;
    return this.check();
  }

  /**
   * Re-read the schedules (after SIGHUP). A new or changed schedule starts from now: its latest past
   * slot was not missed by downtime, so it is recorded as skipped rather than drafted (now or at restart).
   */
  reschedule(): Promise<void> {
    const { timezone, digests } = this.d.schedules();
    const now = new Date(this.d.clock.now());
    const changed = digests.filter((g) => this.known.get(g.id) !== `${g.schedule} ${timezone}`);
    // Queued behind any look or draft in progress, like everything that reads or writes slots.
    this.chain = this.chain.then(async () => {
      try {
        for (const g of changed) {
          const slot = previousSlot(g.schedule, timezone, now, CATCH_UP_DAYS);
          if (slot && !(await getSlot(this.d.db, g.id, slot.toISOString()))) {
            const why = `schedule changed at ${now.toISOString()}`;
            await skipSlot(this.d.db, g.id, slot.toISOString(), localDate(slot, timezone), why, now);
          }
        }
      } catch (err) {
        this.d.log.error({ err, code: "STORE" }, "recording changed schedules failed");
      }
    });
    return this.stopped ? this.settled() : this.check();
  }

  /** Resolves once the chain holds nothing more (a look may queue drafts behind itself). */
  private async settled(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  /** Stop waking; a draft in progress finishes (see `idle`). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Resolves when no draft is running or queued. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** The next slot of each scheduled digest, for /feeds and logs. */
  nextSlots(): Map<string, Date | null> {
    const { timezone, digests } = this.d.schedules();
    const now = new Date(this.d.clock.now());
    return new Map(digests.map((g) => [g.id, nextSlot(g.schedule, timezone, now)]));
  }

  private check(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    if (this.stopped) return this.settled();
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await this.look();
      } catch (err) {
        // A busy or failing store must not kill the daemon: say so and look again in a minute.
        this.d.log.error({ err, code: "STORE" }, "schedule check failed; retrying in a minute");
        this.timer?.cancel();
        this.timer = this.d.clock.after(60_000, () => this.check());
      }
    });
    return this.settled();
  }

  private async look(): Promise<void> {
    const { timezone, digests } = this.d.schedules();
    const now = new Date(this.d.clock.now());
    let wake = now.getTime() + MAX_SLEEP_MS;
    this.known = new Map(digests.map((g) => [g.id, `${g.schedule} ${timezone}`]));
    // After the first look, only slots since the previous look can be new: search just that far back.
    const back =
      this.lastCheck === null ? CATCH_UP_DAYS : (now.getTime() - this.lastCheck + 60_000) / 86_400_000;
    this.lastCheck = now.getTime();
    const watched = [...this.watching.values()];
    this.watching.clear();
    for (const w of watched) {
      if (!digests.some((g) => g.id === w.digestId)) continue;
      const again = await this.consider(w.digestId, w.slot, w.date);
      if (again !== null) wake = Math.min(wake, again);
    }
    for (const g of digests) {
      const slot = previousSlot(g.schedule, timezone, now, Math.min(CATCH_UP_DAYS, back));
      const again = slot ? await this.consider(g.id, slot, localDate(slot, timezone)) : null;
      if (again !== null) wake = Math.min(wake, again);
      const next = this.upcoming(g, timezone, now);
      if (next) wake = Math.min(wake, next.getTime());
    }
    if (!this.stopped) this.timer = this.d.clock.after(wake - now.getTime(), () => this.check());
  }

  /** The digest's next slot, remembered until it passes (the search costs milliseconds). */
  private upcoming(g: ScheduledDigest, timezone: string, now: Date): Date | null {
    const key = `${g.id} ${g.schedule} ${timezone}`;
    const hit = this.nextCache.get(key);
    if (hit !== undefined && (hit === null || hit.getTime() > now.getTime())) return hit;
    const next = nextSlot(g.schedule, timezone, now);
    this.nextCache.set(key, next);
    return next;
  }

  /** Draft the slot unless it was handled; resolves to when to look at it again (another daemon drafting it), or null. */
  private async consider(digestId: string, slot: Date, date: string): Promise<number | null> {
    const key = `${digestId}@${slot.toISOString()}`;
    if (this.queued.has(key)) return null;
    const done = await getSlot(this.d.db, digestId, slot.toISOString());
    const nowIso = new Date(this.d.clock.now()).toISOString();
    if (done?.status === "started" && this.d.lease && done.expires !== null) {
      // Another daemon drafts it: look again when its lease would expire, to take over if it died.
      if (done.expires > nowIso) {
        this.watching.set(key, { digestId, slot, date });
        return Date.parse(done.expires) + 1;
      }
      this.d.log.warn(
        { digest: digestId, slot, date, from: done.ownerBy },
        "taking over a slot whose daemon stopped while drafting it",
      );
    } else if (done) {
      if (done.status === "started" && !this.warned.has(key)) {
        this.warned.add(key);
        this.d.log.warn(
          { digest: digestId, slot, date, hint: `feedwright draft --digest ${digestId} --date ${date}` },
          "a daemon stopped while drafting this slot; it is not drafted twice",
        );
      }
      return null;
    }
    const now = new Date(this.d.clock.now());
    // Taking over, the dead daemon's own draft may be written but not yet published: drafting again
    // rewrites the same bytes and publishing is idempotent, so the slot is finished exactly once.
    const draft = done ? undefined : await getDraft(this.d.db, digestId, date);
    if (draft && draft.writtenAt >= slot.toISOString()) {
      // Someone ran `feedwright run`/`draft` for this date after the slot: that draft stands.
      await skipSlot(this.d.db, digestId, slot.toISOString(), date, `drafted at ${draft.writtenAt}`, now);
      this.d.log.info({ digest: digestId, slot, date, writtenAt: draft.writtenAt }, "slot already drafted");
      return null;
    }
    this.queued.add(key);
    const catchUp = slot.getTime() < this.startedAt;
    this.chain = this.chain
      .then(() => this.run(digestId, slot, date, catchUp))
      .finally(() => this.queued.delete(key));
    return null;
  }

  private async run(digestId: string, slot: Date, date: string, catchUp: boolean): Promise<void> {
    const { db, clock, log } = this.d;
    if (this.stopped) return;
    const lease = this.d.lease;
    const at = slot.toISOString();
    if (!(await claimSlot(db, digestId, at, date, new Date(clock.now()), lease))) return;
    const renewal = lease ? renewSlotLease(this.d, digestId, at, lease) : null;
    if (catchUp) log.info({ digest: digestId, slot, date }, "catch-up: drafting a slot missed while down");
    let result: DraftResult;
    try {
      result = await this.d.draft(digestId, date, slot);
    } catch (err) {
      log.error({ err, digest: digestId, slot, date }, "draft failed unexpectedly");
      result = { status: "failed", detail: String(err) };
    }
    renewal?.cancel();
    if (result.status === "interrupted") await releaseSlot(db, digestId, at, lease);
    else if (
      !(await finishSlot(db, digestId, at, result.status, result.detail, new Date(clock.now()), lease))
    )
      log.warn(
        { digest: digestId, slot, date },
        "another daemon took this slot over while it was drafted: its record stands",
      );
  }
}
