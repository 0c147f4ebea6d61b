import { getDb } from "@/lib/db/client";
import { cachedResponse } from "@/lib/api/read-cache";
import { parseQuery, route } from "@/lib/api/handler";
import { csvColumns, listEvents } from "@/lib/anomaly";
import { zoneFor } from "@/lib/anomaly/api";
import { buildCsv } from "@/lib/csv/build";
import { listQuerySchema } from "@/lib/validation/anomaly";

export const dynamic = "force-dynamic";

// GET /api/v1/anomaly – anomaly events filtered by machine, status, severity, detector and period; keyset pages ({items, next_cursor}); format=csv
export const GET = route(async (request: Request) => {
  const q = parseQuery(request, listQuerySchema);
  // Events are stored figures: only writes other than readings (detection, the workflow, machines, tariffs) change a page.
  const db = await getDb();
  // Outside the cache: an unknown machine is a 404 (zoneFor throws), never a cached empty page.
  const tz = await zoneFor(db, q.machine_id);
  return cachedResponse(db, request, {}, async () => {
    const page = await listEvents(db, q, tz);
    if (q.format === "json") return Response.json(page);
    const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="anomalies.csv"` };
    if (page.next_cursor) headers["x-next-cursor"] = page.next_cursor;
    return new Response(buildCsv(csvColumns, page.items), { headers });
  });
});
