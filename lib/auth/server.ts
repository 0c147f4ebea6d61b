import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db/client";
import { authenticateSession, OPEN_PRINCIPAL } from "./authenticate";
import { authEnabled } from "./mode";
import type { Principal } from "./permissions";
import { SESSION_COOKIE } from "./sessions";

// The signed-in principal for server components and server actions, which see cookies through
// next/headers rather than a Request. Route handlers go through route() instead.

/** The principal of the current page render or action: open mode's anonymous admin, the session's user, or null. */
export async function currentUser(): Promise<Principal | null> {
  if (!authEnabled()) return OPEN_PRINCIPAL;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const auth = await authenticateSession(await getDb(), token);
  return auth?.principal ?? null;
}
