import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { createMachine, listMachines, machineJson } from "@/lib/db/queries/machines";
import { createMachineSchema } from "@/lib/validation/machines";

export const dynamic = "force-dynamic";

// GET /api/v1/machines – every machine of the plant
export const GET = route(async () => {
  const machines = await listMachines(await getDb());
  return Response.json(machines.map(machineJson));
});

// POST /api/v1/machines – registers a machine
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), createMachineSchema, "machine");
  const machine = await createMachine(await getDb(), input);
  return Response.json(machineJson(machine), { status: 201 });
});
