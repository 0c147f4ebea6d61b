import { getDb } from "@/lib/db/client";
import { cachedResponse } from "@/lib/api/read-cache";
import { kpiReadings } from "@/lib/kpi/cache";
import { parseQuery, route } from "@/lib/api/handler";
import { getKpiSummary } from "@/lib/kpi";
import { csvResponse, pointsCsv } from "@/lib/timeseries/csv";
import { kpiSummaryQuerySchema } from "@/lib/validation/kpi";
import { summaryCsvRow } from "@/lib/kpi/csv";

export const dynamic = "force-dynamic";

// GET /api/v1/kpi/summary – every KPI of a machine, area or the plant over one period; format=csv gives one row
export const GET = route(async (request: Request) => {
  const q = parseQuery(request, kpiSummaryQuerySchema);
  const db = await getDb();
  return cachedResponse(db, request, kpiReadings(q.start_date, q.end_date), async () => {
    const s = await getKpiSummary(db, q);
    if (q.format === "csv") {
      const { columns, row } = summaryCsvRow(s);
      return csvResponse(pointsCsv([row], columns), `kpi-summary-${s.machine_id ?? s.area ?? "plant"}.csv`);
    }
    return Response.json(s);
  });
});
