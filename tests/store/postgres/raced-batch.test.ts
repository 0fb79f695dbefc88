/**
 * A batch raced by another writer between its lookup and its insert (possible on PostgreSQL, where
 * writers run at once): the unique indexes refuse the duplicate, the batch's rows are taken back and
 * stored one entry at a time, and the story ends as one entry that lists both sources.
 */
import { expect, it } from "vitest";
import { type Db, openStore, type Sql } from "../../../src/store/db.ts";
import { entriesBetween, upsertEntries } from "../../../src/store/entries.ts";
import { newStore, postgresAdmin } from "../../support/engines.ts";
import { entry } from "../../support/store.ts";

const ALL = ["2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"] as const;

it.runIf(postgresAdmin())(
  "a batch raced after its lookup ends with one entry per story and every source (PostgreSQL)",
  async () => {
    const where = await newStore("postgres");
    const [db, other] = [await openStore(where), await openStore(where)];
    try {
      const url = "https://example.com/raced";
      const rival = entry({
        feedId: "b",
        title: "Raced | B",
        url,
        guid: "b-1",
        published: "2026-01-10T01:00:00Z",
      });
      const mine = [
        entry({ feedId: "a", title: "Raced", url, guid: "a-1", published: "2026-01-10T00:00:00Z" }),
        entry({
          feedId: "a",
          title: "Calm",
          url: "https://example.com/calm",
          guid: "a-2",
          published: "2026-01-10T00:00:00Z",
        }),
      ];
      // The other writer commits the same story right after this batch's first query (its lookup).
      const racing: Db = {
        ...db,
        tx: (fn) =>
          db.tx((q) => {
            let looked = false;
            const raced: Sql = {
              ...q,
              all: async (text, params) => {
                const rows = await q.all(text, params);
                if (!looked) {
                  looked = true;
                  await upsertEntries(other, [rival]);
                }
                return rows as never;
              },
            };
            return fn(raced);
          }),
      };
      const r = await upsertEntries(racing, mine);
      expect(r).toMatchObject({ inserted: 1, merged: 1 });
      const stored = await entriesBetween(db, ...ALL);
      expect(stored.map((e) => e.title).sort()).toEqual(["Calm", "Raced | B"]);
      const raced = stored.find((e) => e.url === url)!;
      // In the order first seen: this batch's item is older than the rival's.
      expect(raced.sources.map((s) => [s.feedId, s.guid])).toEqual([
        ["a", "a-1"],
        ["b", "b-1"],
      ]);
    } finally {
      await db.close();
      await other.close();
    }
  },
);
