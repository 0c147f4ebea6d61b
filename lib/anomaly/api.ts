import type { Database } from "@/lib/db/types";
import { placeWindow } from "@/lib/validation/dates";
import type { DetectInput } from "@/lib/validation/anomaly";
import { detectAnomaliesDetailed } from "./detect";
import { listEvents } from "./list";
import type { DetectorName } from "./types";
import { AppError } from "@/lib/errors";

// What the detect endpoint answers: the counts, each machine's outcome, and the events of the
// window (those the run created or touched, and any others already stored there).

/** The time zone dates without an offset are read in: the machine's site, else the first site's. Throws AppError 404 for an unknown machine. */
export async function zoneFor(db: Database, machineId?: string): Promise<string> {
  const [row] = machineId
    ? await db.query<{ tz: string }>(`SELECT s.time_zone AS tz FROM machines m JOIN sites s ON s.id = m.site_id WHERE m.id = $1`, [machineId])
    : await db.query<{ tz: string }>(`SELECT time_zone AS tz FROM sites ORDER BY created_at, id LIMIT 1`);
  // A machine that does not exist is a 404, as on every other route naming one (not an empty list).
  if (machineId && !row) throw new AppError("not_found", `Machine ${machineId} not found`, { errors: [{ field: "machine_id", message: "no such machine" }] });
  return row?.tz ?? "UTC";
}

/** POST /api/v1/anomaly/detect: dates without an offset in the machine's (or the plant's) zone; throws as detectAnomaliesDetailed. */
export async function detectForApi(db: Database, input: DetectInput) {
  const tz = await zoneFor(db, input.machine_id);
  const { start, end } = placeWindow(input.start_date, input.end_date, tz);
  const result = await detectAnomaliesDetailed(db, { machineId: input.machine_id, start, end, sensitivity: input.sensitivity, detectors: input.detectors as DetectorName[] | undefined });
  const { items, next_cursor } = await listEvents(db, { machine_id: input.machine_id, from: start, to: end, order: "time", limit: 500, format: "json" }, tz);
  return {
    start_date: start.toISOString(),
    end_date: end.toISOString(),
    sensitivity: input.sensitivity ?? 1,
    created: result.created,
    updated: result.updated,
    machines: result.machines,
    events: items,
    // More than 500 events in the window: page through GET /api/v1/anomaly with this cursor.
    next_cursor,
  };
}
