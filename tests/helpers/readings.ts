import type { Database } from "@/lib/db/types";
import { refreshRollups } from "@/lib/timeseries/refresh";

/**
 * Raw energy rows (start epoch ms, kWh, interval seconds, optionally power kW) written as ingestion
 * writes them (the interval's start as `time`), the touched range recorded, the rollups refreshed.
 */
export async function writeEnergy(db: Database, machineId: string, rows: [number, number, number, number?][]): Promise<void> {
  await db.query(
    `INSERT INTO energy_readings (time, machine_id, energy_kwh, interval_s, power_kw)
     SELECT t, $1::uuid, e, s, p FROM jsonb_to_recordset($2::jsonb) AS r(t timestamptz, e float8, s int, p float8)`,
    [machineId, JSON.stringify(rows.map(([t, e, s, p]) => ({ t: new Date(t).toISOString(), e, s, p: p ?? null })))],
  );
  await pending(db, "energy", machineId, rows.map(([t]) => t));
}

/** Hourly outdoor temperatures (start epoch ms, °C), as a weather feed sends them. */
export async function writeTemperatures(db: Database, machineId: string, rows: [number, number][]): Promise<void> {
  await db.query(
    `INSERT INTO environmental_data (time, machine_id, outdoor_temp_c)
     SELECT t, $1::uuid, c FROM jsonb_to_recordset($2::jsonb) AS r(t timestamptz, c float8)`,
    [machineId, JSON.stringify(rows.map(([t, c]) => ({ t: new Date(t).toISOString(), c })))],
  );
  await pending(db, "environmental", machineId, rows.map(([t]) => t));
}

async function pending(db: Database, kind: string, machineId: string, times: number[]): Promise<void> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
  await db.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) VALUES ($1, $2, $3, $4)`, [kind, machineId, new Date(lo).toISOString(), new Date(hi).toISOString()]);
  await refreshRollups(db);
}
