import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route, SMALL_JSON_BYTES } from "@/lib/api/handler";
import { currentPrincipal } from "@/lib/api/context";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { createTokenSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

// GET /api/v1/tokens – every API token (name, prefix, scopes, creator, created, last used, revoked); never the token
export const GET = route(async () => Response.json({ items: await listApiTokens(await getDb()) }));

// POST /api/v1/tokens – creates a token {name, scopes}; the answer's `token` is shown this once and stored only hashed
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, SMALL_JSON_BYTES), createTokenSchema, "API token");
  const p = currentPrincipal();
  const { token, info } = await createApiToken(await getDb(), { name: input.name, scopes: input.scopes, createdBy: p?.kind === "user" ? p.userId : null });
  return Response.json({ ...info, token }, { status: 201, headers: { "cache-control": "no-store" } });
});
