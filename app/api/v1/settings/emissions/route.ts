import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { emissionsJson, getEmissions, putEmissions } from "@/lib/db/queries/kpi-settings";
import { emissionsSchema, siteQuerySchema, siteWriteQuerySchema, withQuerySite } from "@/lib/validation/kpi";

export const dynamic = "force-dynamic";

// GET /api/v1/settings/emissions?site_id – a site's grid emission factor (configured: false when none is set)
export const GET = route(async (request: Request) => {
  const { site_id } = parseQuery(request, siteQuerySchema);
  return Response.json(emissionsJson(site_id, await getEmissions(await getDb(), site_id)));
});

// PUT /api/v1/settings/emissions?site_id – sets a site's grid factor in kg CO2 per kWh, optionally 24 values by local hour
export const PUT = route(async (request: Request) => {
  const { site_id } = parseQuery(request, siteWriteQuerySchema);
  const input = parseWith(withQuerySite(await readJson(request, 64 * 1024), site_id), emissionsSchema, "emission factor");
  return Response.json(emissionsJson(input.site_id, await putEmissions(await getDb(), input)));
});
