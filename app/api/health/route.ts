import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { getHealth } from "@/lib/health";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { DATABASE_UNAVAILABLE_MESSAGE, RETRY_AFTER_S } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/health – database kind and version, newest reading of each series; 503 when the database is unreachable
export const GET = route(async () => {
  try {
    return Response.json(await getHealth(await getDb()));
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const body = { status: "unavailable", database: "unreachable", message: DATABASE_UNAVAILABLE_MESSAGE };
    return Response.json(body, { status: 503, headers: { "retry-after": String(RETRY_AFTER_S) } });
  }
});
