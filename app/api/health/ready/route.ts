import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { getReadiness } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/health/ready – readiness: database reachable, migrations applied, TimescaleDB status; 503 when not ready
export const GET = route(async () => {
  const readiness = await getReadiness(getDb);
  return Response.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
