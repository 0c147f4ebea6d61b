import "server-only";
import type { Queryable } from "@/lib/db/types";
import { validateApiToken } from "./api-tokens";
import { cookieValue } from "./cookie";
import { holdersOf, type Permission, type Principal } from "./permissions";
import { SESSION_COOKIE, validateSession } from "./sessions";

export const OPEN_PRINCIPAL: Principal = { kind: "open", name: "anonymous", role: "admin" };

export interface Authenticated {
  principal: Principal;
  /** A session extended by this request: its new expiry, so the cookie is sent again. */
  renewedSession?: { token: string; expiresAt: Date };
}

/**
 * Who a request comes from: `Authorization: Bearer <token>` first (a wrong token is not
 * retried as a cookie), else the session cookie. Null when neither is valid.
 */
export async function authenticate(db: Queryable, headers: Headers): Promise<Authenticated | null> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const token = await validateApiToken(db, match[1]!);
    return token ? { principal: { kind: "token", tokenId: token.id, name: token.name, scopes: token.scopes } } : null;
  }
  const sessionToken = cookieValue(headers.get("cookie"), SESSION_COOKIE);
  if (!sessionToken) return null;
  return authenticateSession(db, sessionToken);
}

/** The user of a session token (server components and actions read the cookie themselves). */
export async function authenticateSession(db: Queryable, sessionToken: string): Promise<Authenticated | null> {
  const s = await validateSession(db, sessionToken);
  if (!s) return null;
  const principal: Principal = { kind: "user", userId: s.userId, login: s.login, name: s.name, role: s.role, sessionId: s.sessionId };
  return { principal, renewedSession: s.renewed ? { token: sessionToken, expiresAt: s.expiresAt } : undefined };
}

/** The 403 message for a principal lacking a permission: names what would do. */
export function forbiddenMessage(principal: Principal, permission: Permission): string {
  const h = holdersOf(permission);
  if (principal.kind === "token") return `This needs the "${permission}" permission: an API token with scope ${h.scopes.join(" or ")}; token "${principal.name}" has ${principal.scopes.join(", ")}`;
  const who = principal.kind === "user" ? `${principal.login} is ${principal.role}` : "anonymous";
  return `This needs the "${permission}" permission: role ${h.roles.join(" or ")} (${who})`;
}
