import { getDb } from "@/lib/db/client";
import { parseWith, route } from "@/lib/api/handler";
import { modelHealth } from "@/lib/analytics/baseline/health";
import { modelIdSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// GET /api/v1/baseline/models/{model_id}/health – CV(RMSE) and NMBE of the last 30 days against the model's acceptance thresholds, with a drift flag
export const GET = route(async (_request: Request, ctx: { params: Promise<{ model_id: string }> }) => {
  const id = parseWith((await ctx.params).model_id, modelIdSchema, "model id");
  return Response.json(await modelHealth(await getDb(), id));
});
