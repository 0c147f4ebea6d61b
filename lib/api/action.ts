import type { ZodType } from "zod";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { logger } from "@/lib/log/logger";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The one path of every server action: validate the input with the route's zod schema, call the
 * same lib function the route calls, and answer {ok, data} or {ok: false, error, fieldErrors}.
 */
export async function runAction<I, T>(schema: ZodType<I>, input: unknown, fn: (value: I) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(fieldErrorsOf(parsed.error).map((e) => [e.field, e.message]));
    return { ok: false, error: "Please correct the highlighted fields", fieldErrors };
  }
  try {
    return { ok: true, data: await fn(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    logger().error({ err: error }, "server action failed");
    return { ok: false, error: "Something went wrong; please try again" };
  }
}
