import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { getSite, siteJson, updateSite } from "@/lib/db/queries/sites";
import { rebuildLocalDays } from "@/lib/timeseries/refresh";
import { siteIdSchema, updateSiteSchema } from "@/lib/validation/sites";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/sites/{id} – one site
export const GET = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, siteIdSchema, "site id");
  return Response.json(siteJson(await getSite(await getDb(), id)));
});

// PATCH /api/v1/sites/{id} – name, time zone (local-day rollups rebuilt), country, baseline quality thresholds (null resets them)
export const PATCH = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, siteIdSchema, "site id");
  const input = parseWith(await readJson(request, 64 * 1024), updateSiteSchema, "site");
  const db = await getDb();
  const before = await getSite(db, id);
  const site = await updateSite(db, id, input);
  // Local days follow the zone: rebuilt when it changes.
  if (site.timeZone !== before.timeZone) await rebuildLocalDays(db, id);
  return Response.json(siteJson(site));
});
