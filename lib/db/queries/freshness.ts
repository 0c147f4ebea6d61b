import "server-only";
import type { Database } from "@/lib/db/types";

export interface LatestReading {
  machineId: string;
  name: string;
  isActive: boolean;
  /** end of the machine's latest energy reading (its start + interval_s), epoch ms; null without readings */
  lastEndMs: number | null;
  intervalS: number | null;
}

/**
 * Every machine's latest energy reading: one backward step on the raw table's key
 * (machine_id, time) per machine, so it costs the number of machines, not the history.
 */
export async function latestReadings(db: Database): Promise<LatestReading[]> {
  const rows = await db.query<{ id: string; name: string; is_active: boolean; end_ms: number | null; interval_s: number | null }>(
    `SELECT m.id::text AS id, m.name, m.is_active, r.end_ms, r.interval_s
     FROM machines m
     LEFT JOIN LATERAL (
       SELECT (date_part('epoch', e.time) * 1000 + e.interval_s * 1000)::float8 AS end_ms, e.interval_s
       FROM energy_readings e WHERE e.machine_id = m.id ORDER BY e.time DESC LIMIT 1
     ) r ON true
     ORDER BY m.name`,
  );
  return rows.map((r) => ({ machineId: r.id, name: r.name, isActive: r.is_active, lastEndMs: r.end_ms === null ? null : Number(r.end_ms), intervalS: r.interval_s === null ? null : Number(r.interval_s) }));
}
