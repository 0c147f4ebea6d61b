import { getDb } from "@/lib/db/client";
import { parseQuery, readJson, route } from "@/lib/api/handler";
import { ingestRegisterJson } from "@/lib/ingest/registers";
import { ingestQuerySchema } from "@/lib/validation/ingest";

export const dynamic = "force-dynamic";

// POST /api/v1/ingest/register – cumulative register readings ({time, machine_id, energy_register_kwh}); consumption derived between consecutive readings
export const POST = route(async (request: Request) => {
  const query = parseQuery(request, ingestQuerySchema);
  const result = await ingestRegisterJson(await getDb(), await readJson(request), query);
  return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
});
