import { getDb } from "@/lib/db/client";
import { cachedResponse } from "@/lib/api/read-cache";
import { kpiReadings } from "@/lib/kpi/cache";
import { parseQuery, parseWith, route } from "@/lib/api/handler";
import { getKpi } from "@/lib/kpi";
import { csvResponse, pointsCsv } from "@/lib/timeseries/csv";
import { kpiNameSchema, kpiQuerySchema } from "@/lib/validation/kpi";

export const dynamic = "force-dynamic";

// GET /api/v1/kpi/{sec|peak-demand|load-factor|cost|carbon|enpi} – a KPI of a machine, area or the plant per bucket and in total; format=csv gives the buckets
export const GET = route(async (request: Request, ctx: { params: Promise<{ kpi: string }> }) => {
  const kpi = parseWith((await ctx.params).kpi, kpiNameSchema, "KPI name");
  const q = parseQuery(request, kpiQuerySchema);
  const db = await getDb();
  return cachedResponse(db, request, kpiReadings(q.start_date, q.end_date), async () => {
    const result = await getKpi(db, kpi, q);
    if (q.format === "csv") return csvResponse(pointsCsv(result.series, result.columns), `kpi-${kpi}-${result.machine_id ?? result.area ?? "plant"}-${q.granularity}.csv`);
    return Response.json(result);
  });
});
