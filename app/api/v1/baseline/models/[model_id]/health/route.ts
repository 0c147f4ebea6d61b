import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, route } from "@/lib/api/handler";
import { modelHealth } from "@/lib/analytics/baseline/health";
import { healthQuerySchema, modelIdSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// GET /api/v1/baseline/models/{model_id}/health?as_of – CV(RMSE) and NMBE of the 30 days before as_of (default now) against the model's acceptance thresholds, with a drift flag
export const GET = route(async (request: Request, ctx: { params: Promise<{ model_id: string }> }) => {
  const id = parseWith((await ctx.params).model_id, modelIdSchema, "model id");
  const { as_of } = parseQuery(request, healthQuerySchema);
  return Response.json(await modelHealth(await getDb(), id, as_of ? new Date(as_of) : undefined));
});
