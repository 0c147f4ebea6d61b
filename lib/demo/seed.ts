import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { createDemoPlant, generateDemoDays } from "./generator";
import type { DemoPlant, EnergyRow, EnvironmentalRow, ProductionRow } from "./types";

// Loads the demo plant into an empty database: machines, then one COPY per table and day
// (so memory stays flat and progress can be shown), then one full rollup build.

export interface SeedOptions {
  days: number;
  seed: number;
  end?: Date;
  timeZone?: string;
  onProgress?: (done: number, total: number, phase: "readings" | "rollups") => void;
}

const productionTypes = new Set(["compressor", "oven", "injection_molding", "conveyor", "pump"]);
const n = (v: number | null) => (v === null ? "" : String(v));

const energyLine = (r: EnergyRow) =>
  `${r.time.toISOString()},${r.machineId},${r.powerKw},${r.energyKwh},${n(r.voltageV)},${n(r.currentA)},${n(r.powerFactor)}\n`;
const productionLine = (r: ProductionRow) =>
  `${r.time.toISOString()},${r.machineId},${r.productionCount},${r.goodCount},${r.rejectCount},${r.throughputUnitsPerHour},${r.productId === null ? "" : `"${r.productId.replaceAll('"', '""')}"`},${r.machineState}\n`;
const environmentalLine = (r: EnvironmentalRow) =>
  `${r.time.toISOString()},${r.machineId},${r.outdoorTempC},${r.indoorTempC},${r.humidityPct},${r.pressureBar}\n`;

export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM machines");
  return (rows[0]?.n ?? 0) === 0;
}

export async function seedDemo(db: Database, options: SeedOptions): Promise<DemoPlant> {
  const end = options.end ?? new Date();
  const plant = createDemoPlant({ days: options.days, end, seed: options.seed, timeZone: options.timeZone });
  await db.query(`UPDATE sites SET time_zone = $1 WHERE id = $2`, [plant.timeZone, DEFAULT_SITE_ID]);
  for (const m of plant.machines) {
    await db.query(
      `INSERT INTO machines (id, site_id, name, type, area, rated_power_kw) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [m.id, DEFAULT_SITE_ID, m.name, m.type, m.area, m.ratedPowerKw],
    );
  }
  // Production counts matter only where energy follows output; other machines' rows are skipped.
  const withProduction = new Set(plant.machines.filter((m) => productionTypes.has(m.type)).map((m) => m.id));
  for (const chunk of generateDemoDays(plant)) {
    await db.transaction(async (tx) => {
      await tx.copyFrom(
        `COPY energy_readings (time, machine_id, power_kw, energy_kwh, voltage_v, current_a, power_factor) FROM STDIN WITH (FORMAT csv)`,
        chunk.energy.map(energyLine),
      );
      await tx.copyFrom(
        `COPY production_data (time, machine_id, production_count, good_count, reject_count, throughput_units_per_hour, product_id, machine_state) FROM STDIN WITH (FORMAT csv)`,
        chunk.production.filter((r) => withProduction.has(r.machineId)).map(productionLine),
      );
      await tx.copyFrom(
        `COPY environmental_data (time, machine_id, outdoor_temp_c, indoor_temp_c, humidity_pct, pressure_bar) FROM STDIN WITH (FORMAT csv)`,
        chunk.environmental.map(environmentalLine),
      );
    });
    options.onProgress?.(chunk.day + 1, chunk.totalDays, "readings");
  }
  options.onProgress?.(0, 1, "rollups");
  await rebuildRollups(db);
  options.onProgress?.(1, 1, "rollups");
  return plant;
}
