import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { getTariff, putTariff, tariffJson } from "@/lib/db/queries/kpi-settings";
import { siteQuerySchema, siteWriteQuerySchema, tariffSchema, withQuerySite } from "@/lib/validation/kpi";

export const dynamic = "force-dynamic";

// GET /api/v1/settings/tariff?site_id – a site's electricity tariff (configured: false when none is set)
export const GET = route(async (request: Request) => {
  const { site_id } = parseQuery(request, siteQuerySchema);
  return Response.json(tariffJson(site_id, await getTariff(await getDb(), site_id)));
});

// PUT /api/v1/settings/tariff?site_id – sets a site's tariff: flat or time-of-use periods tiling the week, plus a demand charge per kW-month
export const PUT = route(async (request: Request) => {
  const { site_id } = parseQuery(request, siteWriteQuerySchema);
  const input = parseWith(withQuerySite(await readJson(request, 64 * 1024), site_id), tariffSchema, "tariff");
  return Response.json(tariffJson(input.site_id, await putTariff(await getDb(), input)));
});
