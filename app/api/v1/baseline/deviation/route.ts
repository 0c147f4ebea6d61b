import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { csvResponse } from "@/lib/timeseries/csv";
import { deviationCsv } from "@/lib/analytics/baseline/csv";
import { deviationSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/deviation – actual vs expected per bucket, CUSUM, savings and their uncertainty; ?format=csv
export const POST = route(async (request: Request) => {
  const body = (await readJson(request, 64 * 1024)) as Record<string, unknown>;
  const format = new URL(request.url).searchParams.get("format");
  const input = parseWith({ ...body, ...(format ? { format } : {}) }, deviationSchema, "deviation request");
  const result = await computeDeviation(await getDb(), input);
  if (input.format === "csv") return csvResponse(deviationCsv(result.buckets), `deviation-${result.machine_id}.csv`);
  return Response.json(result);
});
