import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { modelJson } from "@/lib/analytics/baseline/present";
import { trainSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/train – fits a baseline on the chosen drivers and stores it as a new version
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), trainSchema, "training request");
  const { model, machineName } = await trainBaseline(await getDb(), input);
  return Response.json(modelJson(model, machineName), { status: 201 });
});
