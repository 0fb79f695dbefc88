/** Child for race tests: load the store code, say "ready", and on a byte from stdin open the store and create feeds. */

import { openStore } from "../../src/store/db.ts";
import { ensureFeed } from "../../src/store/feeds.ts";

const [path, count] = process.argv.slice(2) as [string, string];
process.stdout.write("ready\n");
process.stdin.once("data", async () => {
  try {
    const db = await openStore(path);
    for (let i = 0; i < Number(count); i++) await ensureFeed(db, `f${i}`, `http://127.0.0.1:9/f/${i}`);
    await db.close();
    process.stdout.write("ok\n");
    process.exit(0);
  } catch (err) {
    process.stdout.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
});
