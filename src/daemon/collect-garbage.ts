/**
 * Start-up (and a reload) parses the config, validates it and registers every feed: for 1,000 feeds
 * several MB of garbage, in a heap V8 then keeps grown for seconds to minutes. Where the process runs
 * with --expose-gc (the Docker image's NODE_OPTIONS), the daemon collects it at once, with V8's
 * memory-reducing collection: ~14 MB less RSS right after start (bench/README.md, daemon). Elsewhere
 * this does nothing and V8 shrinks the heap in its own time.
 */
type Gc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** Collect all garbage now and return the freed heap pages, when the process exposes `gc`. */
export function collectGarbage(): void {
  (globalThis as { gc?: Gc }).gc?.({ type: "major", execution: "sync", flavor: "last-resort" });
}
