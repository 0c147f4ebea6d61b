import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { dryRunFit } from "@/lib/baseline-studio/dry-run";
import { trainSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/fit – the train request fitted without storing a version (model_id and
// model_version null), with fitted values and residuals per bucket: the studio's live refit
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), trainSchema, "fit request");
  return Response.json(await dryRunFit(await getDb(), input));
});
