import { getDb } from "@/lib/db/client";
import { parseWith, route } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { idSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// DELETE /api/v1/tokens/{id} – revokes a token (kept in the list, marked revoked); later requests with it answer 401
export const DELETE = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, idSchema, "token id");
  return Response.json(await revokeApiToken(await getDb(), id));
});
