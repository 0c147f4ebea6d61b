import type { ZodType } from "zod";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { currentUser } from "@/lib/auth/server";
import { forbiddenMessage } from "@/lib/auth/authenticate";
import { can, type Permission } from "@/lib/auth/permissions";
import { recordWrite } from "./read-cache";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The one path of every server action: check that the signed-in user holds `permission` (the
 * same permission lib/auth/policy.ts gives the matching route), validate the input with the
 * route's zod schema, call the same lib function the route calls, and answer {ok, data} or
 * {ok: false, error, fieldErrors}. Next.js itself refuses actions posted from another origin.
 */
export async function runAction<I, T>(permission: Permission, schema: ZodType<I>, input: unknown, fn: (value: I) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const principal = await currentUser();
    if (!principal) return { ok: false, error: "Your session has ended; sign in again" };
    if (!can(principal, permission)) return { ok: false, error: forbiddenMessage(principal, permission) };
  } catch (error) {
    logger().error({ err: error }, "server action could not authenticate");
    return { ok: false, error: "Something went wrong; please try again" };
  }
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
  } finally {
    // Anything but a read may have written: cached reads are dropped (lib/api/read-cache.ts).
    if (permission !== "read") recordWrite("all");
  }
}
