import { getDb } from "@/lib/db/client";
import { cachedResponse } from "@/lib/api/read-cache";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { actorOf } from "@/lib/api/actor";
import { getEventDetail, transitionEvent } from "@/lib/anomaly";
import { detailQuerySchema, eventIdSchema, patchSchema } from "@/lib/validation/anomaly";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/anomaly/{id} – one event with its history, allowed transitions and the hourly series around it (actual, expected, band)
export const GET = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, eventIdSchema, "event id");
  const q = parseQuery(request, detailQuerySchema);
  // Its series reads the machine's readings around the event: any ingest may change it.
  const db = await getDb();
  return cachedResponse(db, request, { readings: { machineIds: "all" } }, async () => Response.json(await getEventDetail(db, id, q.context_hours)));
});

// PATCH /api/v1/anomaly/{id} – moves an event through the workflow {status, note}; 409 lists the allowed statuses
export const PATCH = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, eventIdSchema, "event id");
  const input = parseWith(await readJson(request, 64 * 1024), patchSchema, "status change");
  const db = await getDb();
  await transitionEvent(db, id, input.status, input.note ?? null, actorOf(request, input.who));
  return Response.json(await getEventDetail(db, id, 0));
});
