import { expect, it } from "vitest";
import { storePoll } from "../../src/pipeline/store-poll.ts";
import {
  claimFeed,
  claimHolders,
  type Fence,
  releaseAllClaims,
  releaseClaim,
  renewClaims,
  setHostWait,
} from "../../src/store/claims.ts";
import { openStore } from "../../src/store/db.ts";
import { countEntries } from "../../src/store/entries.ts";
import { ensureFeed, getFeed, updateFeed } from "../../src/store/feeds.ts";
import { forEachEngine, newStore, openTestStore, postgresAdmin } from "../support/engines.ts";
import { entry } from "../support/store.ts";

const a = { owner: "a", by: "h1/100" };
const b = { owner: "b", by: "h2/200" };
const at = (s: number) => new Date(Date.parse("2026-03-01T00:00:00Z") + s * 1000);
const lim = { host: "example.com", perHost: 2 };
const fence = (who: { owner: string; by: string }, token: number): Fence => ({ ...who, token });

forEachEngine("feed claims", (engine) => {
  it("lets one process claim a feed until the claim expires, with a new token each time", async () => {
    const db = await openTestStore(engine);
    await ensureFeed(db, "f", "https://example.com/feed");
    const first = await claimFeed(db, "f", a, at(0), 30_000, lim);
    expect(first).toMatchObject({ token: 1 });
    expect(await claimFeed(db, "f", b, at(10), 30_000, lim)).toEqual({
      heldBy: "h1/100",
      until: at(30).toISOString(),
    });
    // Renewed at 20s: held until 50s.
    expect(await renewClaims(db, "a", at(20), 30_000)).toEqual(new Set(["f"]));
    expect(await claimFeed(db, "f", b, at(45), 30_000, lim)).toMatchObject({ heldBy: "h1/100" });
    expect(await claimFeed(db, "f", b, at(51), 30_000, lim)).toMatchObject({ token: 2 });
    // a finds out at its next renewal, and its release changes nothing.
    expect(await renewClaims(db, "a", at(52), 30_000)).toEqual(new Set());
    await releaseClaim(db, "f", fence(a, 1));
    expect((await claimHolders(db, at(53))).get("f")).toEqual({ heldBy: "h2/200", polledBy: null });
    await releaseClaim(db, "f", fence(b, 2));
    expect((await claimHolders(db, at(53))).get("f")).toEqual({ heldBy: null, polledBy: null });
    expect(await claimFeed(db, "f", a, at(54), 30_000, lim)).toMatchObject({ token: 3 });
    expect(await releaseAllClaims(db, "a")).toBe(1);
    expect(await claimFeed(db, "f", b, at(55), 30_000, lim)).toMatchObject({ token: 4 });
  });

  it("hands the feed's state over with the claim, and takes the claim back with the poll's last write", async () => {
    const db = await openTestStore(engine);
    await ensureFeed(db, "f", "https://example.com/feed");
    await updateFeed(db, "f", { etag: '"v1"', consecutiveFailures: 2 });
    const taken = await claimFeed(db, "f", a, at(0), 30_000, lim);
    expect(taken).toMatchObject({
      token: 1,
      state: { feedId: "f", etag: '"v1"', consecutiveFailures: 2, url: "https://example.com/feed" },
    });
    const f = fence(a, 1);
    await updateFeed(db, "f", { lastStatus: "304", consecutiveFailures: 0 }, f);
    // Stored and given back at once: the state written comes back, and another process claims now.
    expect(f.after).toMatchObject({ feedId: "f", lastStatus: "304", consecutiveFailures: 0, etag: '"v1"' });
    expect((await claimHolders(db, at(1))).get("f")).toEqual({ heldBy: null, polledBy: "h1/100" });
    expect(await claimFeed(db, "f", b, at(1), 30_000, lim)).toMatchObject({ token: 2 });
    // The claim is gone, so a second write of that poll is refused.
    await expect(updateFeed(db, "f", { lastError: "again" }, fence(a, 1))).rejects.toMatchObject({
      code: "FENCED",
    });
  });

  it("refuses a late write from a claim that was taken over, storing none of it", async () => {
    const db = await openTestStore(engine);
    await ensureFeed(db, "f", "https://example.com/feed");
    await claimFeed(db, "f", a, at(0), 30_000, lim);
    // a stalls past its claim; b takes the feed and stores its poll.
    await claimFeed(db, "f", b, at(31), 30_000, lim);
    const e = entry({ feedId: "f", title: "One", published: "2026-03-01T00:00:00Z", url: "https://e/1" });
    const spec = (who: Fence) => ({
      feedId: "f",
      update: { lastStatus: "200", etag: who.owner },
      entriesSeen: 0,
      fence: who,
    });
    await expect(storePoll(db, [e], spec(fence(a, 1)))).rejects.toMatchObject({
      code: "FENCED",
      message: expect.stringContaining("h2/200 claimed the feed"),
    });
    expect(await countEntries(db)).toBe(0);
    expect((await getFeed(db, "f"))?.etag).toBeNull();
    await expect(updateFeed(db, "f", { lastError: "late" }, fence(a, 1))).rejects.toMatchObject({
      code: "FENCED",
    });
    await storePoll(db, [e], spec(fence(b, 2)));
    expect(await countEntries(db)).toBe(1);
    expect(await getFeed(db, "f")).toMatchObject({ etag: "b", lastError: null });
    expect((await claimHolders(db, at(32))).get("f")?.polledBy).toBe("h2/200");
  });
});

forEachEngine("host limits across processes", (engine) => {
  it("lets no more than perHost feeds of one host be claimed at once, counting only live claims", async () => {
    const db = await openTestStore(engine);
    for (const id of ["f1", "f2", "f3", "g"]) await ensureFeed(db, id, `https://example.com/${id}`);
    expect(await claimFeed(db, "f1", a, at(0), 30_000, lim)).toMatchObject({ token: 1 });
    expect(await claimFeed(db, "f2", b, at(0), 30_000, lim)).toMatchObject({ token: 1 });
    expect(await claimFeed(db, "f3", b, at(1), 30_000, lim)).toEqual({ hostBusy: true });
    // Another host is not affected; a released or expired claim frees its place.
    expect(await claimFeed(db, "g", b, at(1), 30_000, { host: "other.example", perHost: 2 })).toMatchObject({
      token: 1,
    });
    await releaseClaim(db, "f2", fence(b, 1));
    expect(await claimFeed(db, "f3", b, at(2), 30_000, lim)).toMatchObject({ token: 1 });
    expect(await claimFeed(db, "f2", b, at(3), 30_000, lim)).toEqual({ hostBusy: true });
    expect(await claimFeed(db, "f2", b, at(31), 30_000, lim)).toMatchObject({ token: 2 });
  });

  it("keeps every process off a host until its Retry-After has passed", async () => {
    const db = await openTestStore(engine);
    await ensureFeed(db, "f", "https://example.com/f");
    await setHostWait(db, "example.com", at(60).toISOString());
    await setHostWait(db, "example.com", at(30).toISOString()); // an earlier wait does not shorten it
    expect(await claimFeed(db, "f", a, at(10), 30_000, lim)).toEqual({ hostWait: at(60).toISOString() });
    expect(await claimFeed(db, "f", a, at(61), 30_000, lim)).toMatchObject({ token: 1 });
  });
});

it.runIf(postgresAdmin())(
  "gives a feed to exactly one of many processes claiming it at once (PostgreSQL)",
  async () => {
    const url = await newStore("postgres");
    const dbs = await Promise.all(Array.from({ length: 8 }, () => openStore(url)));
    try {
      for (let i = 0; i < 20; i++) await ensureFeed(dbs[0]!, `f${i}`, `https://example.com/${i}`);
      for (let i = 0; i < 20; i++) {
        const results = await Promise.all(
          dbs.map((db, k) =>
            claimFeed(db, `f${i}`, { owner: `o${k}`, by: `h/${k}` }, at(i), 30_000, {
              host: `h${i}`,
              perHost: 2,
            }),
          ),
        );
        expect(results.filter((r) => "token" in r)).toHaveLength(1);
      }
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  },
);

it.runIf(postgresAdmin())(
  "never lets more than perHost claims of one host through when many processes claim at once (PostgreSQL)",
  async () => {
    const url = await newStore("postgres");
    const dbs = await Promise.all(Array.from({ length: 8 }, () => openStore(url)));
    try {
      for (let i = 0; i < 20 * 8; i++) await ensureFeed(dbs[0]!, `f${i}`, `https://example.com/${i}`);
      for (let i = 0; i < 20; i++) {
        // Eight processes, eight feeds of one host, at most two at once: the claims serialize on the
        // host's lock and each counts what the ones before it committed.
        const results = await Promise.all(
          dbs.map((db, k) =>
            claimFeed(db, `f${i * 8 + k}`, { owner: `o${k}`, by: `h/${k}` }, at(i), 30_000, {
              host: `h${i}`,
              perHost: 2,
            }),
          ),
        );
        expect(results.filter((r) => "token" in r)).toHaveLength(2);
        expect(results.filter((r) => "hostBusy" in r)).toHaveLength(6);
      }
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  },
);
