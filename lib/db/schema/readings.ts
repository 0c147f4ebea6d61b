import { doublePrecision, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
import { machines } from "./core";

// Raw series. Primary key (machine_id, time): re-sent readings update instead of duplicating.
// On TimescaleDB these become hypertables (lib/timeseries/timescale.ts).

export const machineStateEnum = pgEnum("machine_state", ["running", "idle", "off"]);

const time = () => timestamp("time", { withTimezone: true }).notNull();
const machineId = () =>
  uuid("machine_id")
    .notNull()
    .references(() => machines.id);

export const energyReadings = pgTable(
  "energy_readings",
  {
    time: time(),
    machineId: machineId(),
    powerKw: doublePrecision("power_kw").notNull(),
    energyKwh: doublePrecision("energy_kwh").notNull(),
    voltageV: doublePrecision("voltage_v"),
    currentA: doublePrecision("current_a"),
    powerFactor: doublePrecision("power_factor"),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.time] }), index("energy_readings_time_idx").on(t.time)],
);

export const productionData = pgTable(
  "production_data",
  {
    time: time(),
    machineId: machineId(),
    productionCount: doublePrecision("production_count").notNull(),
    goodCount: doublePrecision("good_count"),
    rejectCount: doublePrecision("reject_count"),
    throughputUnitsPerHour: doublePrecision("throughput_units_per_hour"),
    productId: text("product_id"),
    machineState: machineStateEnum("machine_state"),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.time] }), index("production_data_time_idx").on(t.time)],
);

export const environmentalData = pgTable(
  "environmental_data",
  {
    time: time(),
    machineId: machineId(),
    outdoorTempC: doublePrecision("outdoor_temp_c"),
    indoorTempC: doublePrecision("indoor_temp_c"),
    humidityPct: doublePrecision("humidity_pct"),
    pressureBar: doublePrecision("pressure_bar"),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.time] }), index("environmental_data_time_idx").on(t.time)],
);

/**
 * Ranges of raw data written since the rollups were last refreshed: ingestion appends,
 * the refresher consumes (lib/timeseries/refresh.ts). Kept on every database so late data
 * also reaches TimescaleDB's materialised aggregates.
 */
export const rollupPending = pgTable("rollup_pending", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  kind: text("kind").notNull(),
  machineId: uuid("machine_id").notNull(),
  startTime: timestamp("start_time", { withTimezone: true }).notNull(),
  endTime: timestamp("end_time", { withTimezone: true }).notNull(),
});

export type EnergyReading = typeof energyReadings.$inferSelect;
export type ProductionReading = typeof productionData.$inferSelect;
export type EnvironmentalReading = typeof environmentalData.$inferSelect;
