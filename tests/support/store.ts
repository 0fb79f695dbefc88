/** Build a store and config in a temp folder from plain entries, for in-process draft tests. */
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, parseConfig } from "../../src/config.ts";
import { type Db, openStore } from "../../src/store/db.ts";
import { upsertEntries } from "../../src/store/entries.ts";
import type { NormalizedEntry } from "../../src/types.ts";
import type { Engine } from "./engines.ts";

/** A test entry: only what the test cares about; the rest gets defaults. */
export type TestEntry = Partial<NormalizedEntry> & { feedId: string; title: string; published: string };

/** A NormalizedEntry with defaults derived from the title. */
export function entry(e: TestEntry): NormalizedEntry {
  const slug =
    e.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || createHash("sha1").update(e.title).digest("hex").slice(0, 8);
  const url = e.url === undefined ? `https://example.com/${e.feedId}/${slug}` : e.url;
  return {
    guid: url,
    url,
    link: url,
    summary: `Summary of ${e.title}.`,
    contentHtml: "",
    author: null,
    categories: [],
    firstSeen: e.published,
    contentHash: createHash("sha256")
      .update(e.title + (e.summary ?? ""))
      .digest("hex")
      .slice(0, 32),
    language: "en",
    fallbackKey: null,
    ...e,
  };
}

/**
 * A temp folder with a parsed config (written as `configText`) and an open store on `engine` holding
 * `entries`; a PostgreSQL store comes in through FEEDWRIGHT_STORE, as it would for a user.
 */
export async function makeStore(
  engine: Engine,
  configText: string,
  entries: TestEntry[],
): Promise<{ dir: string; config: Config; db: Db }> {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-store-"));
  // Loaded here, not at the top: child processes import entry() from this file outside vitest.
  const { newStore } = await import("./engines.ts");
  const env = engine === "postgres" ? { FEEDWRIGHT_STORE: await newStore(engine) } : {};
  const config = parseConfig(configText, join(dir, "feeds.yaml"), env);
  const db = await openStore(config.store);
  const byFeed = new Map<string, NormalizedEntry[]>();
  for (const e of entries) byFeed.set(e.feedId, [...(byFeed.get(e.feedId) ?? []), entry(e)]);
  for (const list of byFeed.values()) await upsertEntries(db, list);
  return { dir, config, db };
}
