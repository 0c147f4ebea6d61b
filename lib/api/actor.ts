import { currentPrincipal } from "./context";
import { authEnabled } from "@/lib/auth/mode";

// Who performs an action, as the anomaly workflow records it. With sign-in on it is the
// authenticated user (their login) or the API token's name, whatever the request claims; in open
// mode (AUTH=off) nobody is authenticated, so the caller may name itself with the `x-user` header
// or a `who` field of the body.

export const ANONYMOUS = "anonymous";

/**
 * The acting user: with AUTH=on the current request's principal (login, or "token:<name>");
 * with AUTH=off the `x-user` header, else the body's `who`, else "anonymous"; trimmed, at most
 * 200 characters.
 */
export function actorOf(request: Request, bodyWho?: string | null): string {
  if (authEnabled()) {
    const p = currentPrincipal();
    if (!p) return ANONYMOUS;
    return p.kind === "user" ? p.login : p.kind === "token" ? `token:${p.name}`.slice(0, 200) : ANONYMOUS;
  }
  const raw = request.headers.get("x-user") ?? bodyWho ?? "";
  const who = raw.trim().slice(0, 200);
  return who || ANONYMOUS;
}
