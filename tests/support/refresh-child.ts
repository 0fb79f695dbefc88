/**
 * `node refresh-child.ts FEEDS.YAML`: refreshFeeds in a process of its own that never calls
 * process.exit, so it only ends if nothing (no parse worker) is left holding it open.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { refreshFeeds } from "../../src/pipeline/refresh.ts";
import { openStore } from "../../src/store/db.ts";

const path = process.argv[2]!;
const config = parseConfig(readFileSync(path, "utf8"), path);
// A file, so the parse workers store too, on connections of their own that must also be closed.
const db = await openStore(join(mkdtempSync(join(tmpdir(), "fw-refresh-child-")), "state.db"));
const reports = await refreshFeeds(config, db, {
  log: createLogger({ level: "silent" }),
  now: () => new Date("2026-01-15T10:00:00Z"),
});
db.close();
console.log(JSON.stringify(reports.map((r) => [r.feedId, r.outcome, r.newEntries])));
