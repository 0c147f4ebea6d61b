import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { listSites, siteJson } from "@/lib/db/queries/sites";

export const dynamic = "force-dynamic";

// GET /api/v1/sites – the plant's sites with their time zone and baseline quality thresholds
export const GET = route(async () => Response.json((await listSites(await getDb())).map(siteJson)));
