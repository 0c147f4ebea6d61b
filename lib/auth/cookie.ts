/** Name of the session cookie (proxy.ts reads it too, so it lives in this import-free file). */
export const SESSION_COOKIE = "enms_session";

// The session cookie: HTTP-only (no script reads it), SameSite=Lax (not sent on cross-site
// sub-requests; top-level links still carry it), Path=/. Secure when the request reached us over
// HTTPS – directly, or through a proxy that says so in X-Forwarded-Proto – so a browser never
// sends it in clear text there, while http://127.0.0.1 (tests, the local demo) still works.

/** Whether the request came over HTTPS (itself or per the proxy in front). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || new URL(request.url).protocol === "https:";
}

/** Set-Cookie value carrying a session token until `expiresAt`. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

/** Set-Cookie value removing the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure ? "; Secure" : ""}`;
}

/** A cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
