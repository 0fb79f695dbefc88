/** pino to stderr: JSON by default, pretty on a TTY; secrets redacted. */
import { type Logger, pino } from "pino";

export type { Logger };

/** Log levels accepted by `--log-level`. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** Paths that may carry credentials; pino replaces them wherever they appear in a log object. */
const REDACT = [
  "headers.authorization",
  "headers.Authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.headers.cookie",
  "token",
  "apiKey",
  "*.token",
  "*.apiKey",
];

/** Create the process logger writing to stderr (fd 2). */
export function createLogger(opts: { level?: string; pretty?: boolean } = {}): Logger {
  const level = opts.level ?? "info";
  if (opts.pretty) {
    return pino({
      level,
      redact: REDACT,
      transport: {
        target: "pino-pretty",
        options: { destination: 2, colorize: true, ignore: "pid,hostname" },
      },
    });
  }
  return pino({ level, redact: REDACT, base: undefined }, pino.destination({ fd: 2, sync: true }));
}
