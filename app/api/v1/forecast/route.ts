import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { forecast } from "@/lib/forecast";
import { forecastSchema } from "@/lib/validation/forecast";

export const dynamic = "force-dynamic";

// POST /api/v1/forecast – hourly energy forecast of a machine or the plant with 80 % and 95 % prediction intervals
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 1024 * 1024), forecastSchema, "forecast request");
  return Response.json(await forecast(await getDb(), input));
});
