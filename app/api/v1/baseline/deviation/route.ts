import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseQuery, parseWith, readJson, route, SMALL_JSON_BYTES } from "@/lib/api/handler";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { csvResponse } from "@/lib/timeseries/csv";
import { deviationCsv } from "@/lib/analytics/baseline/csv";
import { deviationQuerySchema, deviationSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/deviation – actual vs expected per bucket, CUSUM, savings and their uncertainty; ?format=csv
export const POST = route(async (request: Request) => {
  const { format } = parseQuery(request, deviationQuerySchema);
  const body = (await readJson(request, SMALL_JSON_BYTES)) as Record<string, unknown>;
  // Given twice, it must mean the same (the query's won unsaid: a body asking json got CSV).
  const bodyFormat = body !== null && typeof body === "object" && !Array.isArray(body) ? body.format : undefined;
  if (format !== undefined && bodyFormat !== undefined && bodyFormat !== format) {
    const message = `is ${JSON.stringify(bodyFormat)} in the body but ${format} in the query: give it once, or the same in both`;
    throw new AppError("bad_request", `Invalid deviation request: format: ${message}`, { errors: [{ field: "format", message }] });
  }
  const input = parseWith({ ...body, ...(format ? { format } : {}) }, deviationSchema, "deviation request");
  const result = await computeDeviation(await getDb(), input);
  if (input.format === "csv") return csvResponse(deviationCsv(result.buckets), `deviation-${result.machine_id}.csv`);
  return Response.json(result);
});
