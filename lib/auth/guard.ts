import "server-only";
import type { Queryable } from "@/lib/db/types";
import { authenticate, forbiddenMessage, OPEN_PRINCIPAL, type Authenticated } from "./authenticate";
import { crossSiteRefusal } from "./csrf";
import { authEnabled } from "./mode";
import { can } from "./permissions";
import { requirementOf, type Requirement } from "./policy";

// The decision route() takes before any handler body: what the policy table requires of this
// path and method, who is asking, and whether that is enough.

export type GuardResult = { ok: true; requirement: Requirement; auth?: Authenticated } | { ok: false; response: Response };

function refuse(status: number, error: string, message: string, headers: Record<string, string> = {}): GuardResult {
  return { ok: false, response: Response.json({ error, message, detail: message }, { status, headers }) };
}

/**
 * Checks a request against lib/auth/policy.ts: 403 for a cross-site write; with AUTH=on 403 when
 * no rule exists (fail closed), 401 (with WWW-Authenticate: Bearer) without valid credentials, 403 naming
 * the permission when the role or scopes fall short. `db` is only opened for non-open routes.
 */
export async function guardRequest(request: Request, db: () => Promise<Queryable>): Promise<GuardResult> {
  const { pathname } = new URL(request.url);
  const requirement = requirementOf(pathname, request.method);
  const crossSite = crossSiteRefusal(request);
  if (crossSite) return refuse(403, "forbidden", crossSite);
  // Open mode: everyone is admin, so only the cross-site check above applies (handlers called
  // with made-up URLs in tests run too). With auth on, a path the table lacks is refused.
  if (!authEnabled()) return { ok: true, requirement: requirement ?? "admin", auth: { principal: OPEN_PRINCIPAL } };
  if (requirement === undefined) return refuse(403, "forbidden", `No access rule for ${request.method} ${pathname} (lib/auth/policy.ts); refused`);
  if (requirement === "open") return { ok: true, requirement };
  const auth = await authenticate(await db(), request.headers);
  if (!auth) {
    const message = request.headers.has("authorization")
      ? "The API token is not valid (unknown or revoked)"
      : "Sign in, or send an API token as Authorization: Bearer <token>";
    return refuse(401, "unauthorized", message, { "www-authenticate": 'Bearer realm="enms"' });
  }
  if (requirement !== "signed_in" && !can(auth.principal, requirement)) return refuse(403, "forbidden", forbiddenMessage(auth.principal, requirement));
  return { ok: true, requirement, auth };
}
