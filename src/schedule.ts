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

/** The latest slot of `expr` at or before `now` (minute resolution), searching back at most `maxDays`. */
export function previousSlot(expr: string, timezone: string, now: Date, maxDays = 62): Date | null {
  const task = cron.createTask(expr, () => {}, { timezone });
  try {
    const start = Math.floor(now.getTime() / 60_000) * 60_000;
    for (let t = start, end = start - maxDays * 86_400_000; t >= end; t -= 60_000) {
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void task.destroy();
  }
}
