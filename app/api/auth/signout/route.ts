import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { currentPrincipal } from "@/lib/api/context";
import { clearedSessionCookie, isHttps } from "@/lib/auth/cookie";
import { deleteSession } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

// POST /api/auth/signout – ends the session (its row is deleted) and clears the cookie; 204
export const POST = route(async (request: Request) => {
  const p = currentPrincipal();
  if (p?.kind === "user") await deleteSession(await getDb(), p.sessionId);
  return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(isHttps(request)) } });
});
