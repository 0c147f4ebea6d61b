// Rows and ground truth of the demo plant. Times are UTC instants (JS Dates).

export type MachineType =
  | "compressor"
  | "chiller"
  | "hvac"
  | "boiler"
  | "oven"
  | "injection_molding"
  | "motor"
  | "pump"
  | "conveyor"
  | "other";

export type MachineState = "running" | "idle" | "off";

export interface DemoMachine {
  id: string;
  name: string;
  type: MachineType;
  area: string;
  ratedPowerKw: number;
  /** machines.counts_output: false for the base compressor, whose count is the plant's output (its driver), made at the producers. */
  countsOutput: boolean;
}

export interface EnergyRow {
  time: Date;
  machineId: string;
  powerKw: number;
  energyKwh: number;
  voltageV: number | null;
  currentA: number | null;
  powerFactor: number | null;
}

export interface ProductionRow {
  time: Date;
  machineId: string;
  productionCount: number;
  goodCount: number;
  rejectCount: number;
  throughputUnitsPerHour: number;
  productId: string | null;
  machineState: MachineState;
}

export interface EnvironmentalRow {
  time: Date;
  machineId: string;
  outdoorTempC: number;
  indoorTempC: number;
  humidityPct: number;
  pressureBar: number;
}

export type AnomalyKind = "air_leak" | "step_change" | "sensor_spike" | "drift";

export interface AnomalyLabel {
  machineId: string;
  kind: AnomalyKind;
  start: Date;
  /** Exclusive. */
  end: Date;
  description: string;
  /** Injected extra power in kW (for a drift: the extra reached at `end`). */
  magnitudeKw: number;
}

/** Driver names as the hourly rollups expose them (running_hours = running_minutes / 60). */
export type DriverName = "total_production_count" | "avg_outdoor_temp_c" | "avg_pressure_bar" | "avg_throughput" | "running_hours";

/**
 * Exact hourly model of a machine's energy on clean data (before `cleanUntil`, and outside
 * anomalies after it): kWh in a clock hour =
 *   intercept + Σ coefficients[d]·driver_d
 *   + heatingSlope·max(0, heatingBalanceC − T) + coolingSlope·max(0, T − coolingBalanceC)
 *   + noise, noise ~ N(0, noiseSdKwh²) independent per hour.
 * Change-point terms use the minute temperature, so at hourly granularity they hold up to
 * the (tiny) within-hour curvature near the balance point.
 */
export interface MachineTruth {
  model: "linear" | "3p_heating" | "3p_cooling" | "5p" | "none";
  granularity: "hourly";
  intercept: number;
  /** Driver name (a DriverName) → kWh per unit of the driver per hour. */
  coefficients: Record<string, number>;
  heatingBalanceC?: number;
  coolingBalanceC?: number;
  heatingSlope?: number;
  coolingSlope?: number;
  noiseSdKwh: number;
  drivers: DriverName[];
}

export interface DemoProduct {
  id: string;
  name: string;
  machineId: string;
}

export interface DemoPlantOptions {
  days: number;
  end: Date;
  seed: number;
  timeZone?: string;
}

export interface DemoPlant {
  seed: number;
  machines: DemoMachine[];
  products: DemoProduct[];
  start: Date;
  end: Date;
  /** Everything before this instant is free of anomalies (first two thirds of the window). */
  cleanUntil: Date;
  timeZone: string;
  truth: Record<string, MachineTruth>;
  anomalies: AnomalyLabel[];
  /** Local dates (YYYY-MM-DD, plant time zone) with no production inside [start, end). */
  holidays: string[];
}

export interface DemoDayChunk {
  /** 0-based index of the chunk. */
  day: number;
  totalDays: number;
  energy: EnergyRow[];
  production: ProductionRow[];
  environmental: EnvironmentalRow[];
}
