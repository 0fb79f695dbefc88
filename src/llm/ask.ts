/** One validated answer: the call, its bounded retries, the check-and-retry-once loop, and the breaker that stops calling. */
import { type ChatAnswer, type LlmClient, LlmError } from "./client.ts";
import type { Limiter } from "./limiter.ts";
import { type ChatMessage, retryMessages } from "./prompt.ts";

/** Stops every call once the server is known to be unusable (down, refusing the key, too slow); remembers why. */
export interface Breaker {
  readonly signal: AbortSignal;
  cause(): string | null;
  trip(cause: string): void;
}

/** A breaker that also trips when `outer` aborts (SIGINT/SIGTERM). */
export function createBreaker(outer?: AbortSignal): Breaker {
  const ctl = new AbortController();
  let why: string | null = null;
  const trip = (cause: string) => {
    if (why !== null) return;
    why = cause;
    ctl.abort(new LlmError("aborted", cause));
  };
  if (outer) {
    if (outer.aborted) trip("interrupted");
    else outer.addEventListener("abort", () => trip("interrupted"), { once: true });
  }
  return { signal: ctl.signal, cause: () => why, trip };
}

/** What asking needs; shared by every call of a run. */
export interface AskDeps {
  client: LlmClient;
  limiter: Limiter;
  breaker: Breaker;
  /** The longest Retry-After honoured (the fetch limit); a longer one stops calling. */
  retryAfterMaxMs: number;
  /** Whether to ask for JSON mode; switched off for the run when the server rejects it. */
  json: { on: boolean };
}

/** A check of an answer: the accepted value, or why it was refused (`fault`: unusable, e.g. not JSON, rather than wrong). */
export type Check<T> = (answer: ChatAnswer) => { value: T } | { reason: string; fault?: boolean };

/** How asking ended. `rejected`: failed the checks twice (a verdict on the content); `failed`: no usable answer. */
export type AskOutcome<T> = (
  | { kind: "ok"; value: T }
  | { kind: "rejected"; reason: string }
  | { kind: "failed"; cause: string }
) & { calls: number; promptTokens: number; completionTokens: number };

const TRANSIENT_WAIT_MS = 1000;

/** Ask until a checked answer, one retry with the reason after a refused one, one retry after a 429/5xx. */
export async function ask<T>(
  deps: AskDeps,
  messages: ChatMessage[],
  check: Check<T>,
): Promise<AskOutcome<T>> {
  const { client, limiter, breaker } = deps;
  let msgs = messages;
  let calls = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let transientRetried = false;
  let contentRetried = false;
  const end = <O extends object>(o: O) => ({ ...o, calls, promptTokens, completionTokens });
  for (;;) {
    const stopped = breaker.cause();
    if (stopped) return end({ kind: "failed" as const, cause: stopped });
    let answer: ChatAnswer;
    let jsonMode = deps.json.on;
    try {
      answer = await limiter.run(() => {
        calls++;
        jsonMode = deps.json.on;
        return client.chat(msgs, { json: jsonMode, signal: breaker.signal });
      }, breaker.signal);
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      if (err.kind === "aborted") continue; // the breaker tripped meanwhile: its cause is reported
      if (
        err.kind === "http" &&
        err.status === 400 &&
        jsonMode &&
        /response_format|json/i.test(err.message)
      ) {
        deps.json.on = false; // the server has no JSON mode: ask in the prompt only
        continue;
      }
      if ((err.kind === "rate-limited" || err.kind === "server") && !transientRetried) {
        const wait = err.retryAfterMs ?? TRANSIENT_WAIT_MS;
        if (wait <= deps.retryAfterMaxMs) {
          transientRetried = true;
          limiter.pauseUntil(Date.now() + wait);
          continue;
        }
        breaker.trip(
          `${err.message} (Retry-After ${Math.ceil(wait / 1000)} s is beyond the ${Math.ceil(deps.retryAfterMaxMs / 1000)} s limit)`,
        );
        continue;
      }
      if (err.kind === "malformed") {
        if (!contentRetried) {
          contentRetried = true;
          continue;
        }
        return end({ kind: "failed" as const, cause: `malformed response: ${err.message}` });
      }
      breaker.trip(describe(err));
      continue;
    }
    promptTokens += answer.promptTokens;
    completionTokens += answer.completionTokens;
    const early = answerFault(answer);
    const verdict = early ? { reason: early, fault: true } : check(answer);
    if ("value" in verdict) return end({ kind: "ok" as const, value: verdict.value });
    const { reason } = verdict;
    const fault = verdict.fault === true;
    if (!contentRetried) {
      contentRetried = true;
      msgs = retryMessages(messages, answer.content, reason);
      continue;
    }
    return end(fault ? { kind: "failed" as const, cause: reason } : { kind: "rejected" as const, reason });
  }
}

/** Answers that carry nothing to check (empty, cut off) fail rather than being rejected. */
function answerFault(a: ChatAnswer): string | null {
  if (a.finishReason === "length") return "truncated answer (finish_reason: length)";
  if (a.content.trim() === "") return "empty answer";
  return null;
}

function describe(err: LlmError): string {
  switch (err.kind) {
    case "unreachable":
      return `model server unreachable: ${err.message}`;
    case "timeout":
      return `model server too slow: ${err.message}`;
    case "auth":
      return `model server refused the API key: ${err.message}`;
    default:
      return `model server error: ${err.message}`;
  }
}
