/** Cron schedules: the one file that imports node-cron. */
import cron from "node-cron";

/** null when `expr` is a valid cron expression, else a one-line reason. */
export function validateSchedule(expr: string): string | null {
  const v = cron.validateDetailed(expr);
  if (v.valid) return null;
  const first = v.errors[0];
  return first ? `invalid cron expression: ${first.field}: ${first.message}` : "invalid cron expression";
}

/** A running cron task; `stop()` ends it. */
export interface CronTask {
  stop(): void;
  nextRun(): Date | null;
}

/** Run `fn` on every slot of `expr` in `timezone`; runs never overlap. */
export function scheduleCron(
  expr: string,
  timezone: string,
  name: string,
  fn: () => Promise<void>,
): CronTask {
  const task = cron.schedule(expr, () => fn(), { timezone, name, noOverlap: true });
  return {
    stop: () => void task.destroy(),
    nextRun: () => task.getNextRun(),
  };
}

/** True when the minute starting at `at` is a slot of `expr` in `timezone`. */
export function matchesSlot(expr: string, timezone: string, at: Date): boolean {
  const task = cron.createTask(expr, () => {}, { timezone });
  try {
    return task.match(at);
  } finally {
    void task.destroy();
  }
}

/**
 * Minutes of the hour, modulo 15, on which `expr` can fire. Every time zone in use today is offset
 * from UTC by a multiple of 15 minutes, so a UTC minute outside these classes can never match and
 * the slow, zone-aware `match` is only asked about the few that can.
 */
function minuteClasses(expr: string): Set<number> {
  return new Set(cron.parse(expr).minute.map((m) => m % 15));
}

function findSlot(expr: string, timezone: string, from: number, step: number, limit: number): Date | null {
  const task = cron.createTask(expr, () => {}, { timezone });
  const classes = minuteClasses(expr);
  try {
    for (let t = from, n = 0; n < limit; t += step, n++) {
      if (!classes.has(new Date(t).getUTCMinutes() % 15)) continue;
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void task.destroy();
  }
}

/** The latest slot of `expr` at or before `now` (minute resolution), searching back at most `maxDays`. */
export function previousSlot(expr: string, timezone: string, now: Date, maxDays = 62): Date | null {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  return findSlot(expr, timezone, start, -60_000, maxDays * 1440 + 1);
}

/** The first slot of `expr` strictly after `now` (minute resolution), searching ahead at most `maxDays`. */
export function nextSlot(expr: string, timezone: string, now: Date, maxDays = 366): Date | null {
  const start = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
  return findSlot(expr, timezone, start, 60_000, maxDays * 1440);
}
