import { getDb } from "@/lib/db/client";
import { parseWith, route } from "@/lib/api/handler";
import { activateModel } from "@/lib/db/queries/baseline";
import { modelJson } from "@/lib/analytics/baseline/present";
import { modelIdSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/models/{model_id}/activate – makes it its machine's only active model
export const POST = route(async (_request: Request, ctx: { params: Promise<{ model_id: string }> }) => {
  const id = parseWith((await ctx.params).model_id, modelIdSchema, "model id");
  return Response.json(modelJson(await activateModel(await getDb(), id)));
});
