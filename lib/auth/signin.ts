import "server-only";
import type { Queryable } from "@/lib/db/types";
import { verifyPassword } from "./password";
import { clearSignInAttempts, takeSignInAttempt } from "./rate-limit";
import { createSession } from "./sessions";
import { findCredentials, normaliseLogin } from "./users";

/** The one answer for an unknown login, a wrong password and a disabled user (no user enumeration). */
export const SIGN_IN_FAILED = "Wrong login or password";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/**
 * Checks a login and password and opens a session. Every attempt counts against the rate limits
 * first; the password is verified (argon2id) even for unknown or disabled users, so the answer
 * and its time do not tell whether a login exists.
 */
export async function signIn(db: Queryable, login: string, password: string, address: string): Promise<SignInResult> {
  const key = normaliseLogin(login);
  const wait = await takeSignInAttempt(key, address);
  if (wait !== null) return { ok: false, reason: "rate_limited", retryAfterS: wait };
  const user = await findCredentials(db, key);
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid || user.disabled) return { ok: false, reason: "failed" };
  await clearSignInAttempts(key, address);
  const session = await createSession(db, user.id);
  return { ok: true, ...session, userId: user.id };
}
