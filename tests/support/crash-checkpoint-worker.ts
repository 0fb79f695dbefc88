/** A checkpointer thread that dies on its first request (tests/store/sqlite/checkpointer.test.ts). */
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => process.exit(9));
