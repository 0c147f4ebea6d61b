import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { dryRunFit } from "@/lib/baseline-studio/dry-run";
import { fitQuerySchema, trainSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/fit – the train request fitted without storing a version (model_id and
// model_version null), with fitted values and residuals per bucket: the studio's live refit
// (which asks for ?buckets=columns, the same numbers in about half the bytes)
export const POST = route(async (request: Request) => {
  const { buckets } = parseQuery(request, fitQuerySchema);
  const input = parseWith(await readJson(request, 64 * 1024), trainSchema, "fit request");
  return Response.json(await dryRunFit(await getDb(), input, buckets));
});
