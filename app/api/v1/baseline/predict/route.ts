import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { predictWithModel } from "@/lib/analytics/baseline/service";
import { predictSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/predict – expected energy for driver values, with prediction intervals
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 8 * 1024 * 1024), predictSchema, "prediction request");
  return Response.json(await predictWithModel(await getDb(), input));
});
