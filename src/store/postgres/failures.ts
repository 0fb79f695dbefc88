/**
 * PostgreSQL failures as one line naming the store (user@host:port/database, never the password):
 * STORE_UNAVAILABLE when the server cannot be reached right now, STORE otherwise.
 */
import pg from "pg";
import { AppError, oneLine } from "../../errors.ts";

/** Where the store is, without the password: user@host:port/database as `pg` resolved them (URL, then PG* variables). */
export function describe(url: string): { label: string; password: string | undefined } {
  const c = new pg.Client({ connectionString: url });
  const host = c.host.startsWith("/") ? `[${c.host}]` : c.host;
  return {
    label: `postgres://${c.user ?? ""}@${host}:${c.port}/${c.database ?? ""}`,
    password: c.password ?? undefined,
  };
}

const GONE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
]);

/** True when `err` means the server cannot be reached right now (down, restarting, connection lost). */
function unreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    GONE.has(e.code ?? "") ||
    (e.code ?? "").startsWith("08") ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      e.message ?? "",
    )
  );
}

/** One line for a failure to reach or use the server; the password never appears in it. */
function reason(err: unknown, password: string | undefined): string {
  const e = err as { code?: string; message?: string };
  const why =
    e.code === "ECONNREFUSED"
      ? "connection refused (is the server running on that host and port?)"
      : e.code === "ENOTFOUND" || e.code === "EAI_AGAIN"
        ? "unknown host"
        : e.code === "28P01"
          ? "password authentication failed"
          : oneLine(err);
  return password ? why.split(password).join("***") : why;
}

/** `fail(err, what)`: `err` as one AppError line about the store at `label` (an AppError as it is). */
export function failures(
  label: string,
  password: string | undefined,
): (err: unknown, what: string) => AppError {
  return (err, what) =>
    err instanceof AppError
      ? err
      : new AppError(
          unreachable(err) ? "STORE_UNAVAILABLE" : "STORE",
          `${label}: ${what}: ${reason(err, password)}`,
          {
            cause: err,
          },
        );
}
