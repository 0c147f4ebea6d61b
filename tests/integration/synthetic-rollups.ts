/** Writes synthetic hourly rollup rows straight into the 1-hour rollups (what the frame reads). */
import type { Database } from "@/lib/db/types";

export interface HourRow {
  ms: number;
  /** null: no energy row that hour. */
  energy: number | null;
  /** null: no outdoor temperature that hour. */
  temp: number | null;
  production: number;
  runningMinutes: number;
}

const csv = (rows: (string | number | null)[][]) => rows.map((r) => r.map((v) => (v === null ? "" : String(v))).join(",")).join("\n") + "\n";

export async function hourlyRollups(db: Database, machineId: string, rows: HourRow[]): Promise<void> {
  const at = (ms: number) => new Date(ms).toISOString();
  // Each hour covered whole by its readings.
  const energy = rows.filter((r) => r.energy !== null).map((r) => [at(r.ms), machineId, r.energy, r.energy, r.energy, r.energy, 3600, r.ms / 1000 + 3600, 60, 60]);
  await db.copyFrom(
    "COPY energy_readings_1hour (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count) FROM STDIN WITH (FORMAT csv)",
    [csv(energy)],
  );
  const env = rows.filter((r) => r.temp !== null).map((r) => [at(r.ms), machineId, r.temp, r.temp, r.temp, 20, 50, 6, 12, 12, 12, 12, 12]);
  await db.copyFrom(
    "COPY environmental_data_1hour (bucket, machine_id, avg_outdoor_temp_c, min_outdoor_temp_c, max_outdoor_temp_c, avg_indoor_temp_c, avg_humidity_pct, avg_pressure_bar, outdoor_temp_samples, indoor_temp_samples, humidity_samples, pressure_samples, sample_count) FROM STDIN WITH (FORMAT csv)",
    [csv(env)],
  );
  const prod = rows.map((r) => [at(r.ms), machineId, r.production, r.production, r.runningMinutes, 60, 60]);
  await db.copyFrom("COPY production_data_1hour (bucket, machine_id, total_production_count, avg_throughput, running_minutes, throughput_samples, sample_count) FROM STDIN WITH (FORMAT csv)", [csv(prod)]);
}
