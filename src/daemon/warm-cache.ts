/**
 * Fill Node's compile cache (NODE_COMPILE_CACHE) with every module under src/, as the Docker image does at
 * build time: `node src/daemon/warm-cache.ts`. With every TypeScript file's stripped output cached, the
 * daemon never loads Node's type-stripping wasm module (amaro), which stays mapped for the life of the
 * process — about 10 MB of a daemon's resident memory. Run it with the NODE_OPTIONS the daemon will run
 * with: some V8 flags (e.g. --optimize-for-size) select a different cache folder.
 */
import { readdirSync } from "node:fs";
import module from "node:module";
import { extname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const SRC = join(import.meta.dirname, "..");
// .ts in the checkout, .js in the npm package's dist/: warm whichever this file is.
const EXT = extname(import.meta.filename);

/** Import every module under `src` (.ts, or .js in dist/) except the CLI entry (importing it would run a command); returns their paths relative to `src`. */
export async function warmCompileCache(src: string = SRC): Promise<string[]> {
  // The entry runs a command when imported; `node src/cli.ts --version` caches it (and what it loads).
  const skip = new Set([join(src, `cli${EXT}`), import.meta.filename]);
  const files = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(EXT) && !f.endsWith(".d.ts"))
    .map((f) => join(src, f))
    .filter((f) => !skip.has(f))
    .sort();
  // One at a time: a module that fails to load is named, not lost in a Promise.all.
  for (const f of files) await import(pathToFileURL(f).href);
  module.flushCompileCache?.();
  return files.map((f) => relative(src, f));
}

if (import.meta.main) {
  if (!process.env.NODE_COMPILE_CACHE) {
    process.stderr.write("warm-cache: NODE_COMPILE_CACHE is not set: nothing would be kept\n");
    process.exit(2);
  }
  const files = await warmCompileCache();
  process.stdout.write(`warm-cache: ${files.length} modules in ${process.env.NODE_COMPILE_CACHE}\n`);
}
