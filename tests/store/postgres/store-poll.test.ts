/**
 * A claimed poll stored on PostgreSQL: its entries and the feed's state (fenced, the claim given
 * back) in one transaction. Also when another writer races the batch, the state is written once,
 * with the count of entries this poll really added.
 */
import { expect, it } from "vitest";
import { type StoreSpec, storePoll } from "../../../src/pipeline/store-poll.ts";
import { claimFeed, claimHolders, type Fence } from "../../../src/store/claims.ts";
import { type Db, openStore, type Sql } from "../../../src/store/db.ts";
import { countEntries, upsertEntries } from "../../../src/store/entries.ts";
import { ensureFeed, getFeed } from "../../../src/store/feeds.ts";
import { newStore, postgresAdmin } from "../../support/engines.ts";
import { entry } from "../../support/store.ts";

const me = { owner: "a", by: "h1/100" };
const at = new Date("2026-03-01T00:00:00Z");
const lim = { host: "example.com", perHost: 2 };

/** `db` with `after` run once, after the first statement of its transactions (the batch's lookup). */
function watched(db: Db, after: () => Promise<void>): { db: Db } {
  const statements: string[] = [];
  const wrap = (q: Sql): Sql => {
    const note = async () => {
      if (statements.length === 1) await after();
    };
    const w: Sql = {
      ...q,
      // A transaction joined inside this one is watched too.
      tx: (fn) => fn(w),
      all: async (text, params, opts) => {
        statements.push(text);
        const rows = await q.all(text, params, opts);
        await note();
        return rows as never;
      },
      get: async (text, params, opts) => {
        statements.push(text);
        const row = await q.get(text, params, opts);
        await note();
        return row as never;
      },
      run: async (text, params, opts) => {
        statements.push(text);
        const n = await q.run(text, params, opts);
        await note();
        return n;
      },
    };
    return w;
  };
  return { db: { ...db, tx: (fn) => db.tx((q) => fn(wrap(q))) } };
}

async function claimed(db: Db): Promise<{ fence: Fence; spec: StoreSpec }> {
  await ensureFeed(db, "a", "https://example.com/a.xml");
  const c = await claimFeed(db, "a", me, at, 30_000, lim);
  if (!("token" in c)) throw new Error("not claimed");
  const fence: Fence = { ...me, token: c.token };
  return { fence, spec: { feedId: "a", update: { lastStatus: "200", etag: '"e1"' }, entriesSeen: 4, fence } };
}

const items = [
  entry({ feedId: "a", title: "One", url: "https://e/1", guid: "a-1", published: "2026-02-01T00:00:00Z" }),
  entry({ feedId: "a", title: "Two", url: "https://e/2", guid: "a-2", published: "2026-02-03T00:00:00Z" }),
];

it.runIf(postgresAdmin())(
  "a poll stores its entries and its feed state, and gives the claim back",
  async () => {
    const db = await openStore(await newStore("postgres"));
    try {
      const { fence, spec } = await claimed(db);
      expect(await storePoll(db, items, spec)).toMatchObject({ inserted: 2, seen: 2 });
      const want = {
        etag: '"e1"',
        lastStatus: "200",
        entriesSeen: 6,
        lastPollOldestItem: "2026-02-01T00:00:00Z",
      };
      expect(fence.after).toMatchObject(want);
      expect(await getFeed(db, "a")).toMatchObject(want);
      expect((await claimHolders(db, at)).get("a")).toEqual({ heldBy: null, polledBy: "h1/100" });
      // Nothing new the next time: the state alone is written, fenced as before.
      const again = await claimed(db);
      expect(await storePoll(db, items, { ...again.spec, entriesSeen: 6 })).toMatchObject({ inserted: 0 });
      expect(again.fence.after).toMatchObject({ entriesSeen: 6 });
    } finally {
      await db.close();
    }
  },
);

it.runIf(postgresAdmin())(
  "a raced poll writes its state once, counting only the entries it added",
  async () => {
    const where = await newStore("postgres");
    const [db, other] = [await openStore(where), await openStore(where)];
    try {
      const { fence, spec } = await claimed(db);
      // Another feed's poll stores story One (same URL) right after this poll's lookup.
      const rival = entry({
        feedId: "b",
        title: "One | B",
        url: "https://e/1",
        guid: "b-1",
        published: "2026-02-01T01:00:00Z",
      });
      const w = watched(db, async () => {
        await upsertEntries(other, [rival]);
      });
      expect(await storePoll(w.db, items, spec)).toMatchObject({ inserted: 1 });
      expect(await countEntries(db)).toBe(2);
      expect(fence.after).toMatchObject({ entriesSeen: 5, etag: '"e1"' });
      expect(await getFeed(db, "a")).toMatchObject({ entriesSeen: 5, etag: '"e1"' });
      expect((await claimHolders(db, at)).get("a")).toEqual({ heldBy: null, polledBy: "h1/100" });
    } finally {
      await db.close();
      await other.close();
    }
  },
);
