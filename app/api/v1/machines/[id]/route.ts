import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { getMachine, machineJson, updateMachine } from "@/lib/db/queries/machines";
import { machineIdSchema, updateMachineSchema } from "@/lib/validation/machines";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/machines/{id} – one machine
export const GET = route(async (_request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, machineIdSchema, "machine id");
  return Response.json(machineJson(await getMachine(await getDb(), id)));
});

// PATCH /api/v1/machines/{id} – renames, retypes, activates or deactivates a machine
export const PATCH = route(async (request: Request, ctx: Ctx) => {
  const id = parseWith((await ctx.params).id, machineIdSchema, "machine id");
  const input = parseWith(await readJson(request, 64 * 1024), updateMachineSchema, "machine");
  return Response.json(machineJson(await updateMachine(await getDb(), id, input)));
});
