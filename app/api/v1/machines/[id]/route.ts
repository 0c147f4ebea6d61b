import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { getMachine, machineJson, updateMachine } from "@/lib/db/queries/machines";
import { machineIdSchema, updateMachineSchema } from "@/lib/validation/machines";
import { rebuildLocalDays } from "@/lib/timeseries/refresh";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/machines/{id} – one machine
export const GET = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, machineIdSchema, "machine id");
  return Response.json(machineJson(await getMachine(await getDb(), id)));
});

// PATCH /api/v1/machines/{id} – renames, retypes, (de)activates or moves a machine, sets its meter settings; local days rebuilt on a move
export const PATCH = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, machineIdSchema, "machine id");
  const input = parseWith(await readJson(request, 64 * 1024), updateMachineSchema, "machine");
  const db = await getDb();
  const before = await getMachine(db, id);
  const machine = await updateMachine(db, id, input);
  // Local days follow the machine's site zone: rebuilt when it moves to another site.
  if (machine.siteId !== before.siteId) await rebuildLocalDays(db, { machineId: id });
  return Response.json(machineJson(machine));
});
