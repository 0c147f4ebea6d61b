import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { importModel, importSchema } from "@/lib/analytics/baseline/service";
import { modelJson } from "@/lib/analytics/baseline/present";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/models/import – stores an exported model as a new version of its machine
export const POST = route(async (request: Request) => {
  const doc = parseWith(await readJson(request, 8 * 1024 * 1024), importSchema, "model document");
  return Response.json(modelJson(await importModel(await getDb(), doc)), { status: 201 });
});
