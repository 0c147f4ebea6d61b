import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookie";

// Pages only (the matcher leaves out /api, which route() guards, and static files): a request
// without a session cookie goes to /signin?next=<the page>. This is the cheap, optimistic check
// the Next.js authentication guide recommends for a proxy; the real one (the session row exists,
// is unexpired, its user enabled) runs server-side in app/layout.tsx and, when this proxy runs
// in the server's own process, here too through the hook instrumentation.ts installs. The page
// path travels to the layout in x-enms-path, so it can send a signed-out user back to it.

declare global {
  var __enmsSessionValid: ((token: string) => Promise<boolean>) | undefined;
}

function toSignIn(request: NextRequest, path: string): NextResponse {
  const url = new URL("/signin", request.url);
  if (path !== "/") url.searchParams.set("next", path);
  const response = NextResponse.redirect(url);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const path = pathname + search;
  const headers = new Headers(request.headers);
  headers.set("x-enms-path", path);
  const next = () => NextResponse.next({ request: { headers } });
  if ((process.env.AUTH ?? "on").trim().toLowerCase() === "off" || pathname === "/signin") return next();
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return toSignIn(request, path);
  const valid = globalThis.__enmsSessionValid;
  if (valid && !(await valid(token).catch(() => true))) return toSignIn(request, path);
  return next();
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|txt|webmanifest)$).*)"],
};
