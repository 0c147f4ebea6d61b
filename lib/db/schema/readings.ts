import { doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
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
    /** Average (or instantaneous) power over the interval; absent for daily reads and bills. */
    powerKw: doublePrecision("power_kw"),
    /** Energy consumed over [time, time + interval_s): `time` is always the interval's start. */
    energyKwh: doublePrecision("energy_kwh").notNull(),
    /**
     * Seconds the reading covers (a local day is 82,800–90,000 s; a bill its billing period).
     * Set by ingestion from the row, the machine's sample_interval, or the inferred spacing.
     */
    intervalS: integer("interval_s").notNull().default(60),
    /** Utility bills: the bill's amount (site currency) and its billed peak demand. */
    cost: doublePrecision("cost"),
    peakDemandKw: doublePrecision("peak_demand_kw"),
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
 * Cumulative register readings (the meter's kWh index, as Modbus and pulse meters report it), as
 * sent. Consumption between consecutive readings is derived into energy_readings by ingestion;
 * the first reading of a machine is only a starting point.
 */
export const meterRegisterReadings = pgTable(
  "meter_register_readings",
  {
    time: time(),
    machineId: machineId(),
    registerKwh: doublePrecision("register_kwh").notNull(),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.time] })],
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
export type MeterRegisterReading = typeof meterRegisterReadings.$inferSelect;
export type EnvironmentalReading = typeof environmentalData.$inferSelect;
