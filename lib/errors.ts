import type { ZodError } from "zod";

// One error type for the product. Routes turn it into a response (lib/api/error-response.ts);
// anything else is logged with its cause and answered with a generic 500. Browser code imports
// this file too, through the shared validation schemas: nothing server-only belongs here.

export type ErrorCode = "bad_request" | "not_found" | "conflict" | "payload_too_large" | "unprocessable" | "unavailable" | "internal";

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

export interface FieldError {
  field: string;
  message: string;
  line?: number;
  index?: number;
  column?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; [key: string]: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }

  get status(): number {
    return statusOf[this.code];
  }

  toJSON() {
    return { error: this.code, message: this.message, detail: this.message, ...this.details };
  }
}

/** Each issue as a field error; an issue about the whole value is named `whole` ("(body)" for a request body). */
export function fieldErrorsOf(error: ZodError, prefix = "", whole = "(body)"): FieldError[] {
  // An unknown field (a strict object's unrecognized key) is named itself, not the object holding it.
  return error.issues.map((i) => ({ field: prefix + ([...i.path, ...(i.code === "unrecognized_keys" ? i.keys.slice(0, 1) : [])].join(".") || whole), message: i.message }));
}

/** A 400 naming `what` and its first five problems; `whole` names the value itself (a path parameter: its name). */
export function fromZod(error: ZodError, what: string, whole = "(body)"): AppError {
  const errors = fieldErrorsOf(error, "", whole);
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join("; ");
  return new AppError("bad_request", `Invalid ${what}: ${summary}`, { errors });
}

/** Seconds a client should wait before retrying when the database is unreachable. */
export const RETRY_AFTER_S = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; try again shortly.";
