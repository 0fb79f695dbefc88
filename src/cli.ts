#!/usr/bin/env node
/** The feedwright executable: argv → command; prints results; the only caller of process.exit. */
import { enableCompileCache } from "./compile-cache.ts";

enableCompileCache(); // before the rest of the program is loaded, so that is cached too

const { AppError } = await import("./errors.ts");
const { main } = await import("./main.ts");

const controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => controller.abort(new AppError("INTERNAL", `interrupted by ${sig}`)));
}
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  isTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
// Flush stdout before exiting; pending handles (sockets, timers) must not keep a finished run alive.
process.stdout.write("", () => process.exit(code));
