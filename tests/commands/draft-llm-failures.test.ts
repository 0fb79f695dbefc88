/** A model server that is down, slow, throttling, failing or babbling never stops a draft; the API key never leaks. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { goodAnswer, type Responder } from "../llm/fake-model.ts";
import { type Setup, setup } from "../llm/harness.ts";

let s: Setup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const draftOf = (x: Setup) => readFileSync(join(x.dir, "drafts/2026-01-15-weekly.md"), "utf8");
const warnings = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning:"));

/** The draft is complete, every item has its feed summary and a comment saying why. */
function expectFeedDraft(text: string, why: string) {
  expect(text).toContain("### Kubernetes v1.35 released\n");
  expect(text).toContain("Kubernetes v1.35 is out with 60 enhancements.");
  expect(text).toContain("### Portainer ships Helm dashboards\n");
  expect(text).toContain("### Sovereign AI drives on-premise Kubernetes\n");
  expect(text.match(new RegExp(`<!-- feedwright: machine summary unavailable: ${why}`, "g"))).toHaveLength(3);
  expect(text).toContain("## 分析");
  expect(text).toContain("## 结论");
}

async function draftWith(respond: Responder, llm?: string, env?: Record<string, string>) {
  s = await setup(llm ? { llm } : {});
  expect((await s.cli(["fetch"], env)).code).toBe(0);
  s.model.respond(respond);
  const r = await s.cli(["draft"], env);
  return { x: s, r };
}

describe("the model never gets in the way", () => {
  it("server down: draft written with feed summaries, one warning, exit 0", async () => {
    s = await setup();
    expect((await s.cli(["fetch"])).code).toBe(0);
    await s.model.close();
    const r = await s.cli(["draft"]);
    expect(r.code).toBe(0);
    expectFeedDraft(
      draftOf(s),
      "model server unreachable: cannot reach http://127\\.0\\.0\\.1:\\d+/v1: ECONNREFUSED",
    );
    expect(warnings(r.stderr)).toEqual([
      expect.stringMatching(
        /^warning: weekly 2026-01-15: model server unreachable: .*ECONNREFUSED: feed summaries used for 3 items, no intro suggested$/,
      ),
    ]);
    expect(r.stderr).toContain("summaries: 0 of 3 items machine-written");
  });

  it("429 with a short Retry-After: waits, asks again, and every item is summarized", async () => {
    const { x, r } = await draftWith((req, n) =>
      n === 1
        ? { status: 429, body: '{"error":{"message":"slow down"}}', headers: { "retry-after": "1" } }
        : goodAnswer(req, n),
    );
    expect(r.code).toBe(0);
    expect(warnings(r.stderr)).toEqual([]);
    expect(x.model.chats).toHaveLength(5);
    expect(r.stderr).toContain("summaries: 3 of 3 items machine-written, 0 cache hits, 5 calls");
  });

  it("429 with a Retry-After beyond the limit: stops calling at once, one warning", async () => {
    const { x, r } = await draftWith(() => ({
      status: 429,
      body: "busy",
      headers: { "retry-after": "3600" },
    }));
    expect(r.code).toBe(0);
    expectFeedDraft(draftOf(x), "HTTP 429: busy \\(Retry-After 3600 s is beyond the 60 s limit\\)");
    expect(warnings(r.stderr)).toHaveLength(1);
    expect(x.model.chats.length).toBeLessThanOrEqual(2); // only what was in flight at once
  });

  it("HTTP 500: one retry, then stops calling; one warning", async () => {
    const { x, r } = await draftWith(() => ({ status: 500, body: '{"error":"model crashed"}' }));
    expect(r.code).toBe(0);
    expectFeedDraft(draftOf(x), "model server error: HTTP 500: model crashed");
    expect(warnings(r.stderr)).toEqual([
      "warning: weekly 2026-01-15: model server error: HTTP 500: model crashed: feed summaries used for 3 items, no intro suggested",
    ]);
    // Without the breaker: 3 items + intro, each asked twice = 8. With it, only calls already under way finish.
    expect(x.model.chats.length).toBeLessThanOrEqual(5);
  });

  it("a server slower than `timeout`: stops calling after the first timeout; one warning", async () => {
    const { x, r } = await draftWith((req, n) => ({ ...goodAnswer(req, n), delayMs: 4000 }), "  timeout: 1s");
    expect(r.code).toBe(0);
    expectFeedDraft(draftOf(x), "model server too slow: no answer within 1000 ms");
    expect(warnings(r.stderr)).toHaveLength(1);
    expect(x.model.chats.length).toBeLessThanOrEqual(2);
  });

  it("malformed JSON, a non-JSON body and a truncated answer each fall back with one warning per cause", async () => {
    const malformed = await draftWith(() => ({ content: "Sure! Here is the summary: Kubernetes 很好" }));
    expect(malformed.r.code).toBe(0);
    expectFeedDraft(draftOf(malformed.x), "malformed JSON in the answer");
    expect(warnings(malformed.r.stderr)).toEqual([
      "warning: weekly 2026-01-15: malformed JSON in the answer: feed summaries used for 3 items, no intro suggested",
    ]);
    await s!.close();

    const html = await draftWith(() => ({ status: 200, body: "<html>gateway</html>" }));
    expectFeedDraft(draftOf(html.x), "malformed response: the response is not JSON");
    expect(warnings(html.r.stderr)).toHaveLength(1);
    await s!.close();

    const cut = await draftWith(() => ({ content: '{"title": "Kube', finishReason: "length" }));
    expectFeedDraft(draftOf(cut.x), "truncated answer \\(finish_reason: length\\)");
    expect(warnings(cut.r.stderr)).toHaveLength(1);
  });

  it("a server without JSON mode (400 on response_format) is asked again without it, once for the run", async () => {
    const { x, r } = await draftWith((req, n) =>
      req.response_format
        ? { status: 400, body: '{"error":{"message":"response_format is not supported"}}' }
        : goodAnswer(req, n),
    );
    expect(r.code).toBe(0);
    expect(warnings(r.stderr)).toEqual([]);
    expect(r.stderr).toContain("3 of 3 items machine-written");
    // At most the calls already under way carried response_format; after the first 400, none did.
    const first400 = x.model.chats.findIndex((c) => c.response_format);
    expect(x.model.chats.filter((c) => c.response_format).length).toBeLessThanOrEqual(2);
    expect(x.model.chats.slice(first400 + 2).every((c) => c.response_format === undefined)).toBe(true);
  });

  it("the API key is sent only as a Bearer header and appears nowhere else, even when the server echoes it", async () => {
    const KEY = "sk-test-SECRET-4242";
    const env = { FW_TEST_KEY: KEY, FEEDWRIGHT_LOG_LEVEL: "trace" };
    const llm = "  apiKeyEnv: FW_TEST_KEY\n  timeout: 5s";
    const ok = await draftWith(goodAnswer, llm, env);
    expect(ok.r.code).toBe(0);
    const chatRequests = ok.x.model.server.requests.filter((q) => q.method === "POST");
    expect(chatRequests.length).toBe(4);
    for (const q of chatRequests) {
      expect(q.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(q.body).not.toContain(KEY);
    }
    ok.x.model.respond(() => ({
      status: 401,
      body: `{"error":{"message":"Incorrect API key provided: ${KEY}"}}`,
    }));
    const denied = await ok.x.cli(["draft", "--refresh-summaries"], env);
    expect(denied.code).toBe(0);
    expect(warnings(denied.stderr)).toEqual([
      "warning: weekly 2026-01-15: model server refused the API key: HTTP 401: the server refused the credentials: feed summaries used for 3 items, no intro suggested",
    ]);
    const dry = await ok.x.cli(["draft", "--dry-run", "--refresh-summaries"], env);
    for (const out of [ok.r.stdout, ok.r.stderr, denied.stdout, denied.stderr, dry.stdout, dry.stderr])
      expect(out).not.toContain(KEY);
    expect(draftOf(ok.x)).not.toContain(KEY);
    const state = join(ok.x.dir, ".feedwright");
    for (const f of readdirSync(state)) expect(readFileSync(join(state, f)).includes(KEY)).toBe(false);
  });

  it("an apiKeyEnv naming an unset variable is bad input: one line, exit 2, nothing written", async () => {
    s = await setup({ llm: "  apiKeyEnv: FW_MISSING_KEY" });
    const r = await s.cli(["draft"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${s.config}: llm.apiKeyEnv: environment variable FW_MISSING_KEY is not set`,
    );
    expect(existsSync(join(s.dir, "drafts"))).toBe(false);
    expect(s.model.chats).toHaveLength(0);
  });

  it("a bad llm block is bad input: every problem on its own line, exit 2, no call, nothing written", async () => {
    s = await setup({ llm: "  temprature: 0\n  concurrency: 100" });
    const r = await s.cli(["draft"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      `${s.config}: llm.concurrency: must be at most 64 (got 100)`,
      `${s.config}: llm.temprature: unknown key; did you mean "temperature"?`,
    ]);
    expect(existsSync(join(s.dir, "drafts"))).toBe(false);
    expect(s.model.chats).toHaveLength(0);
  });
});
