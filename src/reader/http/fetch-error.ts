/** FetchError: how one feed request failed, with what the caller needs to decide what to do next. */
import { AppError, type ErrorCode } from "../../errors.ts";

/** A failed fetch: the HTTP status when there was one, and when the server allows the next try. */
export class FetchError extends AppError {
  readonly status: number | null;
  readonly url: string;
  /** ISO time the server asked us to wait until (Retry-After) when that was too long to wait now. */
  readonly retryAt: string | null;
  /** True when no request was sent because the host asked everyone to wait (not the feed's fault). */
  readonly deferred: boolean;
  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      status?: number | null;
      url: string;
      cause?: unknown;
      retryAt?: string | null;
      deferred?: boolean;
    },
  ) {
    super(code, message, { cause: opts.cause });
    this.name = "FetchError";
    this.status = opts.status ?? null;
    this.url = opts.url;
    this.retryAt = opts.retryAt ?? null;
    this.deferred = opts.deferred ?? false;
  }
}
