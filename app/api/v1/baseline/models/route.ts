import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/api/handler";
import { listModels } from "@/lib/db/queries/baseline";
import { modelJson } from "@/lib/analytics/baseline/present";
import { modelListQuerySchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// GET /api/v1/baseline/models?machine_id=… – the versions of a machine's baselines, newest first
export const GET = route(async (request: Request) => {
  const q = parseQuery(request, modelListQuerySchema);
  const rows = await listModels(await getDb(), q.machine_id);
  return Response.json(rows.map((r) => modelJson(r)));
});
