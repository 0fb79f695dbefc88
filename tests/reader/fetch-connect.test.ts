/**
 * The connect timeout, against a server whose TCP handshakes never complete: a listener in a stopped
 * child process, its accept queue already full, so the kernel drops further SYNs (Linux).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, FetchError } from "../../src/reader/http/fetch.ts";

const LISTENER = `const s = require("node:net").createServer();
s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => console.log(s.address().port));`;

let child: ChildProcess;
let port: number;
const fillers: Socket[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, ["-e", LISTENER], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  port = Number(line.toString().trim());
  child.kill("SIGSTOP"); // accepts nothing from now on
  // Handshakes the kernel completes on its own fill the accept queue; later SYNs are dropped.
  for (let i = 0; i < 8; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => {});
    fillers.push(s);
  }
  await new Promise((r) => setTimeout(r, 200));
});

afterAll(() => {
  for (const s of fillers) s.destroy();
  child.kill("SIGKILL");
});

describe("connect timeout", () => {
  it("gives up on a connection that never completes, with its own message, not the request timeout", async () => {
    const f = createFetcher({ maxBytes: 1 << 20, connectTimeoutMs: 300, retries: 0 });
    const err = await f
      .fetch({ url: `http://127.0.0.1:${port}/feed.xml`, timeoutMs: 20_000, userAgent: "t" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    void f.close();
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ code: "FETCH_TIMEOUT", message: "connect timed out" });
  });
});
