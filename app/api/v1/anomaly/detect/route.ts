import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { detectForApi } from "@/lib/anomaly/api";
import { detectSchema } from "@/lib/validation/anomaly";

export const dynamic = "force-dynamic";

// POST /api/v1/anomaly/detect – runs detection over a window (one machine or every active one) and answers the events created and updated
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), detectSchema, "detection request");
  return Response.json(await detectForApi(await getDb(), input));
});
