import { getDb } from "@/lib/db/client";
import { parseWith, route } from "@/lib/api/handler";
import { getModel } from "@/lib/db/queries/baseline";
import { modelJson } from "@/lib/analytics/baseline/present";
import { modelIdSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// GET /api/v1/baseline/models/{model_id} – one model with its statistics and quality checks
export const GET = route(async (_request: Request, ctx: { params: Promise<{ model_id: string }> }) => {
  const id = parseWith((await ctx.params).model_id, modelIdSchema, "model id");
  return Response.json(modelJson(await getModel(await getDb(), id)));
});
