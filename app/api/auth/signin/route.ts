import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route, SMALL_JSON_BYTES } from "@/lib/api/handler";
import { isHttps, sessionCookie } from "@/lib/auth/cookie";
import { clientAddress } from "@/lib/auth/rate-limit";
import { SIGN_IN_FAILED, signIn } from "@/lib/auth/signin";
import { signInSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

// POST /api/auth/signin – {login, password} → 204 with the session cookie; 401 for a wrong login or password, 429 with Retry-After when rate-limited
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, SMALL_JSON_BYTES), signInSchema, "sign-in");
  const result = await signIn(await getDb(), input.login, input.password, clientAddress(request.headers));
  if (result.ok) return new Response(null, { status: 204, headers: { "set-cookie": sessionCookie(result.token, result.expiresAt, isHttps(request)), "cache-control": "no-store" } });
  if (result.reason === "rate_limited") {
    const message = `Too many sign-in attempts; try again in ${Math.ceil(result.retryAfterS / 60)} minute(s)`;
    return Response.json({ error: "too_many_requests", message, detail: message }, { status: 429, headers: { "retry-after": String(result.retryAfterS) } });
  }
  return Response.json({ error: "unauthorized", message: SIGN_IN_FAILED, detail: SIGN_IN_FAILED }, { status: 401 });
});
