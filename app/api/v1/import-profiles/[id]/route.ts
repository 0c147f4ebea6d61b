import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { deleteProfile, getProfile, profileJson, updateProfile } from "@/lib/import/profiles";
import { importProfileIdSchema, importProfileSchema } from "@/lib/validation/import-profiles";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/import-profiles/{id} – one import profile
export const GET = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, importProfileIdSchema, "import profile id");
  return Response.json(profileJson(await getProfile(await getDb(), id)));
});

// PUT /api/v1/import-profiles/{id} – replaces an import profile whole
export const PUT = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, importProfileIdSchema, "import profile id");
  const input = parseWith(await readJson(request, 64 * 1024), importProfileSchema, "import profile");
  return Response.json(profileJson(await updateProfile(await getDb(), id, input)));
});

// DELETE /api/v1/import-profiles/{id} – removes an import profile
export const DELETE = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, importProfileIdSchema, "import profile id");
  await deleteProfile(await getDb(), id);
  return new Response(null, { status: 204 });
});
