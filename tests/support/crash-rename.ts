/**
 * Preloaded with `node --import` to kill the process around a draft's rename into place:
 * FEEDWRIGHT_TEST_CRASH=after-rename exits right after it, =before-rename instead of it.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const mode = process.env.FEEDWRIGHT_TEST_CRASH;
const rename = fs.renameSync;
fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
  const draft = String(to).endsWith(".md");
  if (draft && mode === "before-rename") process.exit(9);
  rename(from, to);
  if (draft && mode === "after-rename") process.exit(9);
};
syncBuiltinESMExports();
