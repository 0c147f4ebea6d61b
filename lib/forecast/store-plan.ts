import type { Database } from "@/lib/db/types";
import { getMachine } from "@/lib/db/queries/machines";
import type { PlanInput } from "@/lib/validation/forecast";
import { writePlannedDrivers } from "./plans";

// POST /api/v1/forecast/plans: a plant sends its production plan or a weather forecast, one
// driver of one machine per request, as published at an instant.
/**
 * Stores one driver's planned values of a machine as published at `issued_at` (default: now), all
 * or nothing; the same machine, driver, hour and issue sent again replaces its value. Returns
 * `{machine_id, driver, issued_at, stored}`. Throws AppError 404 for an unknown machine.
 */
export async function storePlan(db: Database, input: PlanInput, now: Date = new Date()) {
  await getMachine(db, input.machine_id);
  const issuedAt = input.issued_at ?? now;
  const rows = input.points.map((p) => ({ machineId: input.machine_id, driver: input.driver, issuedAt, time: p.time, value: p.value }));
  await db.transaction((tx) => writePlannedDrivers(tx, rows));
  return { machine_id: input.machine_id, driver: input.driver, issued_at: issuedAt.toISOString(), stored: rows.length };
}
