import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { storePlan } from "@/lib/forecast/store-plan";
import { planSchema } from "@/lib/validation/forecast";

export const dynamic = "force-dynamic";

// POST /api/v1/forecast/plans – stores a machine's planned driver values (production plan, weather forecast) as published at issued_at
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 4 * 1024 * 1024), planSchema, "plan");
  return Response.json(await storePlan(await getDb(), input), { status: 201 });
});
