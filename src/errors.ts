/** Error codes and the one error type every layer throws. */

/** Every code an AppError may carry, and the exit status it maps to. */
export const ERROR_CODES = {
  CONFIG: 2,
  USAGE: 2,
  TEMPLATE: 2,
  INPUT: 2,
  FETCH_NETWORK: 1,
  FETCH_TIMEOUT: 1,
  FETCH_HTTP: 1,
  FETCH_TOO_LARGE: 1,
  FETCH_REDIRECT: 1,
  FETCH_BLOCKED: 1,
  FETCH_GONE: 1,
  NOT_A_FEED: 1,
  PARSE: 1,
  STORE: 1,
  /** The database cannot be reached right now (a server restarting): the work at hand fails, a later try may not. */
  STORE_UNAVAILABLE: 1,
  STORE_LOCKED: 2,
  /** A claimed poll's write refused: the claim expired and another process holds the feed now. */
  FENCED: 1,
  PUBLISH: 1,
  WRITE: 1,
  LLM: 1,
  INTERNAL: 1,
} as const;

/** One of the codes above. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure: a one-line message saying what and where, an optional hint, and a code. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Extra lines (e.g. every config problem); `message` is their one-line summary. */
  readonly details: string[];

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; cause?: unknown; details?: string[] } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }

  /** The process exit status for this error. */
  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/** True when `err` is an AppError (optionally of one of `codes`). */
export function isAppError(err: unknown, ...codes: ErrorCode[]): err is AppError {
  return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
}

/** A single line describing any thrown value, for summaries and logs. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, " ").trim();
}
