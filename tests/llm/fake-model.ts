/** A fake OpenAI-compatible chat-completions server on 127.0.0.1:0 that answers deterministically and records requests. */
import { HttpResponse, http } from "msw";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

/** A chat request as the server received it. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature: number;
  response_format?: { type: string };
  stream?: boolean;
}

/** What a responder returns: a JSON content string (wrapped in a normal completion) or a raw HTTP answer. */
export type Reply =
  | { content: string; finishReason?: string; delayMs?: number }
  | { status: number; body: string; headers?: Record<string, string>; delayMs?: number };

/** Decides the answer to one request. */
export type Responder = (req: ChatRequest, n: number) => Reply | Promise<Reply>;

/** The fake server and what it saw. */
export interface FakeModel {
  baseUrl: string;
  server: FeedServer;
  /** Parsed bodies of every chat request, in arrival order. */
  chats: ChatRequest[];
  respond(fn: Responder): void;
  close(): Promise<void>;
}

/** True when the request is the digest-level one (subtitle/intro/themes). */
export const isDigestRequest = (req: ChatRequest) => req.messages[0]!.content.includes('"subtitle"');

/** The article text of an item request (between the delimiters). */
export const articleOf = (req: ChatRequest) =>
  /<article>\n([\s\S]*)\n<\/article>/.exec(req.messages.at(-1)!.content)?.[1] ??
  /<article>\n([\s\S]*)\n<\/article>/.exec(req.messages[1]!.content)?.[1] ??
  "";

/** The original title of an item request. */
export const titleOf = (req: ChatRequest) =>
  /^Original title: (.*)$/m.exec(req.messages[1]!.content)?.[1] ?? "";

/** A grounded Chinese answer: only Latin words taken from the title, no numbers. */
export const goodAnswer: Responder = (req) => {
  if (isDigestRequest(req))
    return {
      content: JSON.stringify({
        subtitle: "本周云原生要闻",
        intro: "本周云原生领域有多条值得关注的新闻。",
        themes: ["安全", "部署趋势"],
      }),
    };
  const word = /[A-Za-z]{3,}/.exec(titleOf(req))?.[0] ?? "";
  return {
    content: JSON.stringify({
      title: `${word}相关新闻速览`,
      summary: `这篇文章介绍了${word}的最新进展，值得编辑关注和核对。`,
    }),
  };
};

/** Start the fake model; `respond` replaces the answer logic at any time. */
export async function startFakeModel(responder: Responder = goodAnswer): Promise<FakeModel> {
  let fn = responder;
  const chats: ChatRequest[] = [];
  const server = await startFeedServer([
    http.post("*/v1/chat/completions", async ({ request }) => {
      const body = (await request.json()) as ChatRequest;
      chats.push(body);
      const reply = await fn(body, chats.length);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if ("status" in reply)
        return new HttpResponse(reply.body, { status: reply.status, headers: reply.headers });
      return HttpResponse.json({
        id: `chatcmpl-${chats.length}`,
        object: "chat.completion",
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: reply.content },
            finish_reason: reply.finishReason ?? "stop",
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      });
    }),
  ]);
  return {
    baseUrl: `${server.url}/v1`,
    server,
    chats,
    respond: (f) => {
      fn = f;
    },
    close: () => server.close(),
  };
}
