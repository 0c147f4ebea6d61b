import { getDb } from "@/lib/db/client";
import { parseQuery, readJson, route } from "@/lib/api/handler";
import { ingestBillJson } from "@/lib/ingest/bills";
import { billQuerySchema } from "@/lib/validation/ingest";

export const dynamic = "force-dynamic";

// POST /api/v1/ingest/bill – utility bills as JSON ({machine_id, period_start, period_end, energy_kwh, cost?, peak_kw?}), all or nothing unless on_error=skip
export const POST = route(async (request: Request) => {
  const query = parseQuery(request, billQuerySchema);
  const result = await ingestBillJson(await getDb(), await readJson(request), query);
  return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
});
