/** A host-aware work queue: a global concurrency and a per-host limit, so one site never gets a burst. */

/** Limits of a run. */
export interface HostLimits {
  concurrency: number;
  perHost: number;
}

/** The host a URL's requests count against (the hostname, without port). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * Run `task` for every item, at most `concurrency` at once and at most `perHost` at once per host.
 * Items start in input order, except that an item whose host is saturated lets later items of other
 * hosts go first, so 50 feeds on one site do not hold every slot waiting on each other.
 * A task may call its `release` to give its slot back before it finishes: a poll does once its
 * response is in, since parsing and storing it asks nothing more of the host or the network.
 */
export function runPerHost<T, R>(
  items: readonly T[],
  hostOfItem: (item: T) => string,
  limits: HostLimits,
  task: (item: T, index: number, release: () => void) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const pending = items.map((_, i) => i);
  const busy = new Map<string, number>();
  let running = 0;
  let finished = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (finished === items.length) return resolve(results);
      for (let p = 0; p < pending.length && running < limits.concurrency; ) {
        const i = pending[p]!;
        const host = hostOfItem(items[i]!);
        if ((busy.get(host) ?? 0) >= limits.perHost) {
          p++;
          continue;
        }
        pending.splice(p, 1);
        busy.set(host, (busy.get(host) ?? 0) + 1);
        running++;
        let held = true;
        const free = () => {
          if (!held) return;
          held = false;
          busy.set(host, busy.get(host)! - 1);
          running--;
        };
        const release = () => {
          if (!held) return;
          free();
          pump();
        };
        task(items[i]!, i, release).then(
          (r) => {
            results[i] = r;
            free();
            finished++;
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err);
          },
        );
      }
    };
    pump();
  });
}
