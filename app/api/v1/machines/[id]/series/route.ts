import { getDb } from "@/lib/db/client";
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
  await getMachine(db, id);
  // Dates and times without an offset are the site's wall clock.
  const timeZone = await zoneOf(db, id);
  const { start: from, end: to } = placeWindow(q.from, q.to, timeZone, ["from", "to"]);
  const result = await getSeries(db, { machineIds: [id], metrics: q.metrics, from, to, bucket: q.bucket });
  const points = seriesPoints(result.series[0], result.columns);
  if (q.format === "csv") return csvResponse(pointsCsv(points, result.columns), `series-${id}-${result.bucket}.csv`);
  return Response.json({ machine_id: id, bucket: result.bucket, time_zone: timeZone, from: result.from, to: result.to, columns: result.columns, points });
});
