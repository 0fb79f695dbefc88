/** Chat completions against any OpenAI-compatible server with undici: the one file that talks to the model. */
import type { Agent } from "undici";
import type { ChatMessage } from "./prompt.ts";

/** How a call failed; the enricher decides per kind whether to retry, stop calling, or fall back. */
export type LlmErrorKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "rate-limited"
  | "server"
  | "http"
  | "malformed"
  | "aborted";

/** A failed call: its kind, the HTTP status when there was one, and the server's Retry-After in ms. */
export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(
    kind: LlmErrorKind,
    message: string,
    opts: { status?: number; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = "LlmError";
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/** What a call returned. */
export interface ChatAnswer {
  content: string;
  /** "stop", "length" (truncated), … as the server says. */
  finishReason: string | null;
  promptTokens: number;
  completionTokens: number;
}

/** Where and how to call. The key is held here only; it is sent as a header and never put in a message. */
export interface ClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs: number;
  temperature: number;
}

/** A connection pool to one model server. */
export interface LlmClient {
  chat(messages: ChatMessage[], opts: { json: boolean; signal?: AbortSignal }): Promise<ChatAnswer>;
  close(): Promise<void>;
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The server's URL as messages show it: no user:password, no query (either may hold a secret). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return "the model server";
  }
}

/** Create a client; the key, when given, only ever travels in the Authorization header. */
export function createLlmClient(o: ClientOptions): LlmClient {
  // undici loads on the first call: a re-draft answered wholly from the cache never pays for it.
  let agent: Agent | undefined;
  const http = async () => {
    const undici = await import("../undici.ts");
    agent ??= new undici.Agent({ connect: { timeout: o.timeoutMs } });
    return { request: undici.request, dispatcher: agent };
  };
  const url = `${o.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const redact = (s: string) => (o.apiKey ? s.split(o.apiKey).join("[redacted]") : s);
  return {
    async chat(messages, { json, signal }) {
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const all = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/json",
      };
      if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
      const body: Record<string, unknown> = {
        model: o.model,
        messages,
        temperature: o.temperature,
        stream: false,
      };
      if (json) body.response_format = { type: "json_object" };
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const { request, dispatcher } = await http();
        const res = await request(url, {
          method: "POST",
          dispatcher,
          headers,
          body: JSON.stringify(body),
          signal: all,
          headersTimeout: o.timeoutMs,
          bodyTimeout: o.timeoutMs,
        });
        status = res.statusCode;
        const ra = res.headers["retry-after"];
        retryAfter = Array.isArray(ra) ? (ra[0] ?? null) : (ra ?? null);
        text = await res.body.text();
      } catch (err) {
        const e = err as { code?: string; name?: string; message?: string };
        if (signal?.aborted) throw new LlmError("aborted", "aborted");
        if (timeout.aborted || e.name === "TimeoutError" || /TIMEOUT/.test(e.code ?? ""))
          throw new LlmError("timeout", `no answer within ${o.timeoutMs} ms`);
        throw new LlmError(
          "unreachable",
          `cannot reach ${displayUrl(o.baseUrl)}: ${redact(e.code ?? e.message ?? String(err))}`,
        );
      }
      if (status !== 200) throw httpError(status, text, retryAfterMs(retryAfter, Date.now()), redact);
      return parseAnswer(text);
    },
    close: async () => {
      await agent?.close();
    },
  };
}

function httpError(
  status: number,
  text: string,
  retryMs: number | null,
  redact: (s: string) => string,
): LlmError {
  if (status === 401 || status === 403)
    // The body of an auth error may echo (part of) the key: it is never shown.
    return new LlmError("auth", `HTTP ${status}: the server refused the credentials`, { status });
  let detail = "";
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    detail = typeof j.error === "string" ? j.error : (j.error?.message ?? j.message ?? "");
  } catch {
    detail = text;
  }
  detail = redact(detail).replace(/\s+/g, " ").trim().slice(0, 160);
  const msg = `HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 429) return new LlmError("rate-limited", msg, { status, retryAfterMs: retryMs });
  if (status >= 500) return new LlmError("server", msg, { status, retryAfterMs: retryMs });
  return new LlmError("http", msg, { status });
}

function parseAnswer(text: string): ChatAnswer {
  let j: {
    choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  try {
    j = JSON.parse(text);
  } catch {
    throw new LlmError("malformed", "the response is not JSON");
  }
  const choice = j?.choices?.[0];
  if (!choice || typeof choice.message?.content !== "string")
    throw new LlmError("malformed", "the response has no choices[0].message.content");
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    content: choice.message.content,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    promptTokens: num(j.usage?.prompt_tokens),
    completionTokens: num(j.usage?.completion_tokens),
  };
}
