import pino, { type Logger } from "pino";
import { env } from "@/lib/env";
import { redactPaths, scrubSecrets } from "./redact";

// One JSON logger for all server code (pino: a line of JSON per event on stdout, which every log
// collector reads). Request handlers log through requestLog() so each line carries its request id.

export type { Logger };

/** An error as a plain object for a log line, with secrets scrubbed from its message and stack. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrubSecrets(String(error)) };
  const out: Record<string, unknown> = {
    type: error.name,
    message: scrubSecrets(error.message),
    ...(error.stack ? { stack: scrubSecrets(error.stack) } : {}),
  };
  // PostgreSQL errors (postgres.js, PGlite) carry their SQLSTATE and severity: keep them.
  for (const key of ["code", "severity", "detail", "hint"] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string") out[key] = scrubSecrets(value);
  }
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/** A logger writing to `destination` (stdout by default): tests pass a stream to read the lines. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? env().LOG_LEVEL,
      base: { service: "enms-analytics" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        // Messages are scrubbed too: an error's text may quote a connection string.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? scrubSecrets(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination,
  );
}

declare global {
  var __enmsLogger: Logger | undefined;
}

/** The process's logger (kept on globalThis: Next.js loads server modules more than once). */
export function logger(): Logger {
  globalThis.__enmsLogger ??= createLogger();
  return globalThis.__enmsLogger;
}
