import { requestIdOf } from "@/lib/api/context";

export const dynamic = "force-dynamic";

// Any path under /api/ that no route file serves: a JSON 404 naming the method and path, for every
// method and whether or not the caller is signed in. Without it Next.js answers the HTML
// not-found page, which the root layout turns into a redirect to /signin when auth is on, so a
// script with a typo in its URL got a sign-in page with status 200. Next.js matches this file
// last: every static or [param] route wins over it. Nothing here reads the database or the
// session: saying that a path has no route tells a caller nothing the OpenAPI document does not.

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  const shown = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
  const message = `No API route ${request.method} ${shown}; see /api/openapi.json`;
  return Response.json({ error: "not_found", message, detail: message }, { status: 404, headers: { "x-request-id": requestIdOf(request.headers) } });
}

export const GET = (request: Request): Promise<Response> => Promise.resolve(notFound(request));
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
