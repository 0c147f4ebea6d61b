// The drivers a baseline may use: name, unit and meaning. This list is the allow list; names
// from requests are looked up here and never reach SQL. Every driver is computed from rollups.

/**
 * Baseline granularities: the series API's names (lib/timeseries/granularity.ts) from 15min up,
 * and billing_period (each bill or meter read of a day or longer is a bucket).
 */
export const granularities = ["15min", "hourly", "daily", "weekly", "monthly", "billing_period"] as const;
export type Granularity = (typeof granularities)[number];

/** Nominal bucket length in ms (billing periods as a month): for sizing windows, never for sums. */
export const granularityMs: Record<Granularity, number> = {
  "15min": 900_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30.44 * 86_400_000,
  billing_period: 30.44 * 86_400_000,
};

export interface DriverInfo {
  name: string;
  unit: string;
  description: string;
  source: "production" | "environmental" | "calendar" | "derived";
}

export const driverCatalogue: DriverInfo[] = [
  { name: "total_production_count", unit: "units", description: "Units produced in the bucket", source: "production" },
  { name: "avg_throughput", unit: "units/h", description: "Average throughput while reporting", source: "production" },
  { name: "running_hours", unit: "h", description: "Hours in state running", source: "production" },
  { name: "avg_outdoor_temp_c", unit: "°C", description: "Average outdoor temperature", source: "environmental" },
  { name: "avg_indoor_temp_c", unit: "°C", description: "Average indoor temperature", source: "environmental" },
  { name: "avg_pressure_bar", unit: "bar", description: "Average pressure (compressors: discharge set-point)", source: "environmental" },
  { name: "avg_humidity_pct", unit: "%", description: "Average relative humidity", source: "environmental" },
  { name: "hdd", unit: "°C·d", description: "Heating degree-days below the heating base temperature (from hourly temperatures)", source: "derived" },
  { name: "cdd", unit: "°C·d", description: "Cooling degree-days above the cooling base temperature (from hourly temperatures)", source: "derived" },
  { name: "is_weekend", unit: "share", description: "Share of the bucket on Saturday or Sunday (plant time)", source: "calendar" },
  { name: "shift_early", unit: "share", description: "Share of the bucket in 06:00–14:00 on weekdays (plant time)", source: "calendar" },
  { name: "shift_late", unit: "share", description: "Share of the bucket in 14:00–22:00 on weekdays (plant time)", source: "calendar" },
  { name: "shift_night", unit: "share", description: "Share of the bucket in 22:00–06:00 (plant time)", source: "calendar" },
  {
    name: "hour_of_week",
    unit: "index 0–167",
    description: "Hour of the week in plant time (0 = Monday 00:00, 167 = Sunday 23:00); categorical: the time-of-week effects of model_type towt, hourly and 15min only",
    source: "calendar",
  },
];

/** Categorical drivers: indicator effects of a model type, never a linear slope. */
export const HOUR_OF_WEEK = "hour_of_week";

export const driverNames = driverCatalogue.map((d) => d.name);
export type DriverName = string;

export function isDriver(name: string): boolean {
  return driverNames.includes(name);
}

export const DEFAULT_HDD_BASE_C = 15;
export const DEFAULT_CDD_BASE_C = 18;
