/**
 * Drafts without a shared disk: on PostgreSQL the bytes of a written draft are kept in the store, so
 * another machine (another folder, its own clone) publishes exactly what the first one drafted.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { writeDraft } from "../../src/pipeline.ts";
import { publishDraft } from "../../src/publish/publish.ts";
import { openStore } from "../../src/store/db.ts";
import { postgresAdmin } from "../support/engines.ts";
import { makeStore } from "../support/store.ts";
import { configText, git, makeRepos, TEST_ENV } from "./repos.ts";

const PUBLISH = "  { repo: ., remote: origin, base: main }";
const DATE = "2026-01-15";

describe.skipIf(!postgresAdmin())("a draft written on one machine, published from another", () => {
  it("publishes the bytes the first machine wrote, though its file is not on this disk", async () => {
    // Machine A: its own folder, the shared database; drafts the week.
    const a = await makeStore("postgres", configText(PUBLISH), [
      { feedId: "blog", title: "Sovereign clouds grow up", published: "2026-01-14T08:00:00Z" },
      { feedId: "blog", title: "A quieter week for CVEs", published: "2026-01-13T08:00:00Z" },
    ]);
    const out = await writeDraft(a.config, a.db, a.config.digests[0]!, DATE, {
      now: new Date("2026-01-15T04:00:00Z"),
    });
    const drafted = readFileSync(out.write!.path, "utf8");
    await a.db.close();
    rmSync(a.dir, { recursive: true }); // machine B cannot see A's disk

    // Machine B: another folder and clone, the same database (FEEDWRIGHT_STORE), no draft file.
    const { bare, work } = makeRepos();
    const config = parseConfig(configText(PUBLISH), join(work, "feeds.yaml"), {
      FEEDWRIGHT_STORE: a.config.store,
    });
    const db = await openStore(config.store);
    try {
      const result = await publishDraft(config, db, config.digests[0]!, DATE, {
        log: pino({ level: "silent" }),
        now: () => new Date("2026-01-15T05:00:00Z"),
        env: TEST_ENV,
      });
      expect(result.outcome).toBe("pushed");
      expect(`${git(bare, "show", `digest/weekly/${DATE}:drafts/${DATE}-weekly.md`)}\n`).toBe(drafted);
    } finally {
      await db.close();
    }
  });
});
