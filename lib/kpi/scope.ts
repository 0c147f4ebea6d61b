import type { Database } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { cachedRead } from "@/lib/api/read-cache";

// Whose KPIs: one machine, the machines of an area, or the plant (every active machine). The
// scope's buckets are its site's local calendar, so a scope spans one time zone.

export interface ScopeMachine {
  id: string;
  name: string;
  area: string | null;
  siteId: string;
  /** Its units are scope output (machines.counts_output), or it is the scope asked for alone. */
  countsOutput: boolean;
}

export interface KpiScope {
  machineId: string | null;
  area: string | null;
  machines: ScopeMachine[];
  timeZone: string;
}

/**
 * The machines of a scope. AppError 404 for an unknown machine or an area without machines.
 * Machines and sites change only through writes other than readings: kept in the read cache
 * (lib/api/read-cache.ts) until one (errors are not kept). Callers must not change the answer.
 */
export function resolveScope(db: Database, machineId: string | undefined, area: string | undefined): Promise<KpiScope> {
  return cachedRead(db, `kpi scope ${machineId ?? ""} ${area ?? ""}`, {}, () => readScope(db, machineId, area));
}

async function readScope(db: Database, machineId: string | undefined, area: string | undefined): Promise<KpiScope> {
  const rows = await db.query<{ id: string; name: string; area: string | null; site_id: string; tz: string; counts_output: boolean }>(
    `SELECT m.id::text AS id, m.name, m.area, m.site_id::text AS site_id, s.time_zone AS tz, m.counts_output
     FROM machines m JOIN sites s ON s.id = m.site_id
     WHERE ($1::uuid IS NULL OR m.id = $1::uuid) AND ($2::text IS NULL OR m.area = $2::text) AND ($1::uuid IS NOT NULL OR m.is_active)
     ORDER BY m.name`,
    [machineId ?? null, area ?? null],
  );
  if (rows.length === 0) {
    if (machineId) {
      const [exists] = await db.query(`SELECT 1 FROM machines WHERE id = $1::uuid`, [machineId]);
      if (exists && area) throw new AppError("bad_request", `Machine ${machineId} is not in area "${area}"`, { errors: [{ field: "area", message: `machine ${machineId} is not in this area` }] });
      throw new AppError("not_found", `Machine ${machineId} not found`);
    }
    if (area) throw new AppError("not_found", `No active machine in area "${area}"`, { errors: [{ field: "area", message: "no active machine has this area" }] });
    throw new AppError("not_found", "The plant has no active machines");
  }
  const zones = [...new Set(rows.map((r) => r.tz))];
  if (zones.length > 1) {
    throw new AppError("bad_request", `The machines asked for belong to sites in different time zones (${zones.join(", ")}); local days differ, so ask per area or machine`, {
      errors: [{ field: area ? "area" : "machine_id", message: "machines span several time zones" }],
    });
  }
  return {
    machineId: machineId ? rows[0]!.id : null,
    area: area ?? null,
    // A machine asked for alone: its own units are its scope's (a compressor's kWh per plant unit).
    machines: rows.map((r) => ({ id: r.id, name: r.name, area: r.area, siteId: r.site_id, countsOutput: r.counts_output || Boolean(machineId) })),
    timeZone: zones[0]!,
  };
}
