/** Schema versions: today's stores upgrade keeping every row; a store from a newer feedwright is refused with one line. */
import { DatabaseSync } from "node:sqlite";
import { expect, it } from "vitest";
import { openStore } from "../../src/store/db.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { forEachEngine, newStore } from "../support/engines.ts";

forEachEngine("schema versions", (engine) => {
  it("a store written by a newer feedwright is refused with one line and left as it is", async () => {
    const location = await newStore(engine);
    const db = await openStore(location);
    if (engine === "sqlite") await db.exec("PRAGMA user_version = 99");
    else await db.run("UPDATE feedwright_schema SET version = 99");
    await db.close();
    const err = await openStore(location).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      new RegExp(
        `: the store was written by a newer feedwright \\(schema 99, this one knows ${MIGRATIONS.length}\\)$`,
      ),
    );
    expect((err as Error).message).not.toContain("\n");
  });
});

it("a SQLite store from before PostgreSQL (schema 5, main today) upgrades and keeps all its data", async () => {
  const path = await newStore("sqlite");
  const old = new DatabaseSync(path);
  for (const step of MIGRATIONS.slice(0, 5)) old.exec(step);
  old.exec(`PRAGMA user_version = 5;
    INSERT INTO feeds (feed_id, configured_url, url, etag) VALUES ('a', 'https://a.example/feed', 'https://a.example/feed', '"v1"');
    INSERT INTO entries (id, feed_id, url, title, summary, content_html, published, first_seen, content_hash)
      VALUES ('e1', 'a', 'https://a.example/1', 'One', 'S', '<p>x</p>', '2026-01-10T00:00:00Z', '2026-01-10T00:00:00Z', 'h');
    INSERT INTO entry_sources (entry_id, feed_id, guid, first_seen) VALUES ('e1', 'a', 'g1', '2026-01-10T00:00:00Z');
    INSERT INTO drafts VALUES ('weekly', '2026-01-15', '/d.md', '["e1"]', 'hash', '2026-01-15T00:00:00Z');
    INSERT INTO draft_pending VALUES ('weekly', '2026-01-22', '/e.md', 'next');
    INSERT INTO articles (url, status, fetched_at, html) VALUES ('https://a.example/1', 'page', '2026-01-15T00:00:00Z', '<p>x</p>');
    INSERT INTO text_sources VALUES ('weekly', '2026-01-15', 'e1', 'feed text', 'long enough');`);
  const rows = (db: DatabaseSync) =>
    ["feeds", "entries", "entry_sources", "drafts", "draft_pending", "articles", "text_sources"].map((t) =>
      db.prepare(`SELECT * FROM ${t}`).all(),
    );
  const before = rows(old);
  old.close();
  await (await openStore(path)).close();
  const after = new DatabaseSync(path);
  expect(after.prepare("PRAGMA user_version").get()).toEqual({ user_version: MIGRATIONS.length });
  // Every row and value kept; later steps may add columns (the feed claims of several daemons).
  expect(rows(after)).toMatchObject(before);
  after.close();
});
