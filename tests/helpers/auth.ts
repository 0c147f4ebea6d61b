import { resetEnv } from "@/lib/env";
import { createSession } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { Role, Scope } from "@/lib/auth/permissions";
import type { Database } from "@/lib/db/types";

// Sign-in for tests calling route handlers directly. vitest runs with AUTH=off (vitest.config.ts);
// a test of access turns it on for its file.

/** Turns sign-in on for the rest of this test file (each file runs in its own process). */
export function enableAuth(): void {
  process.env.AUTH = "on";
  resetEnv();
}

/** A user of the given role with an open session; `cookie` is the Cookie header value. */
export async function signedIn(db: Database, role: Role, login = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
  const user = await createUser(db, { login, displayName: `${role[0]!.toUpperCase()}${role.slice(1)} ${login}`, password: "correct horse battery", role });
  const session = await createSession(db, user.id);
  return { user, token: session.token, cookie: `enms_session=${session.token}` };
}

/** An API token with the given scopes; `authorization` is the header value. */
export async function bearer(db: Database, scopes: Scope[], name = `token-${scopes.join("-")}`) {
  const { token, info } = await createApiToken(db, { name, scopes, createdBy: null });
  return { token, info, authorization: `Bearer ${token}` };
}
