import { getDb } from "@/lib/db/client";
import { parseWith, route } from "@/lib/api/handler";
import { getModel } from "@/lib/db/queries/baseline";
import { exportJson } from "@/lib/analytics/baseline/present";
import { modelIdSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// GET /api/v1/baseline/models/{model_id}/export – the model as a JSON document that imports and predicts identically
export const GET = route(async (_request: Request, ctx: { params: Promise<{ model_id: string }> }) => {
  const id = parseWith((await ctx.params).model_id, modelIdSchema, "model id");
  const row = await getModel(await getDb(), id);
  return Response.json(exportJson(row), { headers: { "content-disposition": `attachment; filename="baseline-${row.machineId}-v${row.version}.json"` } });
});
