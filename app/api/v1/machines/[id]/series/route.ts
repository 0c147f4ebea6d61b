import { getDb } from "@/lib/db/client";
import { cachedRead, cachedResponse } from "@/lib/api/read-cache";
import { parseQuery, parseWith, route } from "@/lib/api/handler";
import { getMachine } from "@/lib/db/queries/machines";
import { csvResponse, pointsCsv } from "@/lib/timeseries/csv";
import { getSeries, seriesPoints } from "@/lib/timeseries/series";
import { machineIdSchema } from "@/lib/validation/machines";
import { placeWindow } from "@/lib/validation/dates";
import { zoneOf } from "@/lib/timeseries/zones";
import { seriesQuerySchema } from "@/lib/validation/series";

export const dynamic = "force-dynamic";

// GET /api/v1/machines/{id}/series – rollup series of one machine; format=csv streams RFC 4180 CSV
export const GET = route(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = parseWith((await ctx.params).id, machineIdSchema, "machine id");
  const q = parseQuery(request, seriesQuerySchema);
  const db = await getDb();
  // Dates and times without an offset are the site's wall clock. Machines and sites change only
  // through writes other than readings, which drop this (an unknown machine's 404 is not kept).
  const timeZone = await cachedRead(db, `machine zone ${id}`, {}, async () => {
    await getMachine(db, id);
    return zoneOf(db, id);
  });
  const { start: from, end: to } = placeWindow(q.from, q.to, timeZone, ["from", "to"]);
  // Buckets are whole: one that starts in the window may reach a day (or a month) past it.
  const reach = 32 * 86_400_000;
  return cachedResponse(db, request, { readings: { machineIds: [id], from: from.getTime() - reach, to: to.getTime() + reach } }, async () => {
    const result = await getSeries(db, { machineIds: [id], metrics: q.metrics, from, to, bucket: q.bucket });
    const points = seriesPoints(result.series[0], result.columns);
    if (q.format === "csv") return csvResponse(pointsCsv(points, result.columns), `series-${id}-${result.bucket}.csv`);
    return Response.json({ machine_id: id, bucket: result.bucket, time_zone: timeZone, from: result.from, to: result.to, columns: result.columns, points });
  });
});
