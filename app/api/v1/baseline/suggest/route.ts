import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { suggestDrivers } from "@/lib/analytics/baseline/suggest";
import { suggestSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/suggest – ranked driver candidates and the suggested set (stepwise selection)
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), suggestSchema, "suggest request");
  return Response.json(await suggestDrivers(await getDb(), input));
});
