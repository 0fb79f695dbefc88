/** URLs of modules started by path (worker threads), valid both in src/ (.ts) and in the built dist/ (.js). */

/**
 * The URL of module `name` beside `from` (an `import.meta.url`), with `from`'s own extension. tsc rewrites
 * `.ts` in import specifiers when it builds dist/, but not in a `new URL(…)` string, so a worker path
 * written as `./parse-worker.ts` would name a file the npm package does not have.
 */
export function siblingModule(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith(".ts") ? ".ts" : ".js"}`, from);
}
