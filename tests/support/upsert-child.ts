/**
 * A second writer (tests/store/concurrent.test.ts): stores `count` stories as feed `feed` into the
 * store at `location`, in batches, once a line arrives on stdin, so two of these start together;
 * `reverse` stores them in the opposite order (the two lock the same rows in opposite orders).
 * Prints what it stored as JSON; an error goes to stderr with exit 1.
 */
import { createInterface } from "node:readline";
import { openStore } from "../../src/store/db.ts";
import { upsertEntries } from "../../src/store/entries.ts";
import { entry } from "./store.ts";

const [location, feed, count, order] = process.argv.slice(2) as [string, string, string, string];
const db = await openStore(location);
const stories = Array.from({ length: Number(count) }, (_, i) =>
  entry({
    feedId: feed,
    title: `Story ${i}`,
    url: `https://example.com/story-${i}`,
    guid: `${feed}-${i}`,
    published: "2026-01-10T00:00:00Z",
  }),
);
if (order === "reverse") stories.reverse();
process.stdout.write("ready\n");
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
let inserted = 0;
let merged = 0;
try {
  for (let i = 0; i < stories.length; i += 5) {
    const r = await upsertEntries(db, stories.slice(i, i + 5));
    inserted += r.inserted;
    merged += r.merged;
  }
  process.stdout.write(`${JSON.stringify({ inserted, merged })}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
  process.stdin.destroy();
}
