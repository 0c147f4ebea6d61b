import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/health – database kind and version, newest reading of each series
export const GET = route(async () => Response.json(await getHealth(await getDb())));
