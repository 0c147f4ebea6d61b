import type { ZodType } from "zod";
import { AppError, errorResponse, fromZod } from "@/lib/errors";

// Shared plumbing of route handlers: every handler body runs inside route(), so an AppError
// becomes its status and message and anything unexpected a logged, generic 500.

export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function parseQuery<T>(request: Request, schema: ZodType<T>): T {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  const result = schema.safeParse(params);
  if (!result.success) throw fromZod(result.error, "query parameters");
  return result.data;
}

export function parseWith<T>(value: unknown, schema: ZodType<T>, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, what);
  return result.data;
}

const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The request body as JSON, with a size limit and a 400 for malformed JSON. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new AppError("payload_too_large", `Body is ${length} bytes; at most ${maxBytes} are accepted`);
  const text = await request.text();
  if (text.length > maxBytes) throw new AppError("payload_too_large", `Body is larger than ${maxBytes} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `Body is not valid JSON: ${(error as Error).message}`, {}, { cause: error });
  }
}
