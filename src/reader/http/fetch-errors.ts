/** Transport failures (sockets, DNS, timeouts, broken compression) as one clear line each. */
import { FetchError } from "./fetch-error.ts";

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the server",
  EPIPE: "connection closed by the server",
  UND_ERR_SOCKET: "connection closed by the server before the response was complete",
  UND_ERR_CLOSED: "connection closed",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "body shorter or longer than its Content-Length",
  HPE_INVALID_CONSTANT: "the server did not answer with HTTP",
  ENOTFOUND: "host not found (DNS)",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  ENETUNREACH: "network unreachable",
  EHOSTUNREACH: "host unreachable",
  Z_DATA_ERROR: "corrupt compressed body",
  Z_BUF_ERROR: "truncated compressed body",
  ERR_STREAM_PREMATURE_CLOSE: "connection closed before the body was complete",
};

/** Turn whatever undici, net, dns or zlib threw into a FetchError saying what happened. */
export function describeTransportError(
  err: unknown,
  url: string,
  req: { timeoutMs: number; signal?: AbortSignal },
  timeout: AbortSignal,
): FetchError {
  const e = err as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e.code ?? e.cause?.code ?? "";
  if (req.signal?.aborted) return new FetchError("FETCH_NETWORK", "interrupted", { url, cause: err });
  if (code === "EBLOCKED") {
    return new FetchError(
      "FETCH_BLOCKED",
      `blocked by fetch.blockPrivateNetworks: ${e.message ?? e.cause?.message}`,
      {
        url,
        cause: err,
      },
    );
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return new FetchError("FETCH_TIMEOUT", "connect timed out", { url, cause: err });
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return new FetchError("FETCH_TIMEOUT", `no response within ${req.timeoutMs} ms`, { url, cause: err });
  }
  if (code === "UND_ERR_BODY_TIMEOUT") {
    return new FetchError("FETCH_TIMEOUT", `body stalled for ${req.timeoutMs} ms`, { url, cause: err });
  }
  if (timeout.aborted || e.name === "TimeoutError" || /TIMEOUT/.test(code)) {
    return new FetchError("FETCH_TIMEOUT", `timed out after ${req.timeoutMs} ms`, { url, cause: err });
  }
  const known = NETWORK_MESSAGES[code];
  const detail = known ?? (code ? `${code}: ${e.message ?? ""}` : (e.message ?? String(err)));
  return new FetchError("FETCH_NETWORK", `network error: ${detail.replace(/\s+/g, " ").trim()}`, {
    url,
    cause: err,
  });
}
