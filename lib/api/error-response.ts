import { ZodError } from "zod";
import { requestLog } from "@/lib/api/context";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, fromZod, RETRY_AFTER_S } from "@/lib/errors";

// Server-only (the request's logger lives in AsyncLocalStorage): kept out of lib/errors.ts, which
// browser code reaches through the shared validation schemas.

/** The response for any error thrown while handling a request. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
  if (error instanceof ZodError) return errorResponse(fromZod(error, "input"));
  if (isDatabaseUnavailable(error)) {
    requestLog().warn({ err: error }, "database unreachable");
    const body = new AppError("unavailable", DATABASE_UNAVAILABLE_MESSAGE).toJSON();
    return Response.json(body, { status: 503, headers: { "retry-after": String(RETRY_AFTER_S) } });
  }
  requestLog().error({ err: error }, "unhandled error while handling a request");
  return Response.json({ error: "internal", message: "Internal server error", detail: "Internal server error" }, { status: 500 });
}
