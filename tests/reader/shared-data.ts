/** Where the shared corpora live (../shared next to the repository) and whether they are present. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The shared folder: $FEEDWRIGHT_SHARED for CI layouts that differ, else ../shared beside the repo. */
export const SHARED_DIR = resolve(
  process.env.FEEDWRIGHT_SHARED ?? join(import.meta.dirname, "../../../shared"),
);
/** The conformance corpus folder. */
export const CONFORMANCE_DIR = join(SHARED_DIR, "conformance");
/** The real-feed snapshots folder. */
export const FEEDS_REAL_DIR = join(SHARED_DIR, "feeds-real");
/** True when the conformance corpus can be read in place. */
export const HAS_CONFORMANCE = existsSync(join(CONFORMANCE_DIR, "expectations.json"));
/** True when the real-feed snapshots can be read in place. */
export const HAS_FEEDS_REAL = existsSync(join(FEEDS_REAL_DIR, "SOURCES.md"));
