import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route, SMALL_JSON_BYTES } from "@/lib/api/handler";
import { updateUser } from "@/lib/auth/users";
import { idSchema, updateUserSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// PATCH /api/v1/users/{id} – changes role, display name, password or disabled; a new role, password or disabling signs the user out; 409 for the last admin
export const PATCH = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, idSchema, "user id");
  const input = parseWith(await readJson(request, SMALL_JSON_BYTES), updateUserSchema, "user change");
  const user = await updateUser(await getDb(), id, { role: input.role, displayName: input.display_name, disabled: input.disabled, password: input.password });
  return Response.json(user);
});
