import type { SeriesKind } from "./definitions";

// The metrics a caller may ask for, each mapped to the rollup columns it returns. This map is
// the allow list: metric names never reach SQL themselves.

export const metricColumns = {
  energy: { kind: "energy", columns: ["total_energy_kwh"] },
  power: { kind: "energy", columns: ["avg_power_kw", "min_power_kw", "max_power_kw"] },
  production: { kind: "production", columns: ["total_production_count", "avg_throughput", "running_minutes"] },
  outdoor_temp: { kind: "environmental", columns: ["avg_outdoor_temp_c", "min_outdoor_temp_c", "max_outdoor_temp_c"] },
  indoor_temp: { kind: "environmental", columns: ["avg_indoor_temp_c"] },
  humidity: { kind: "environmental", columns: ["avg_humidity_pct"] },
  pressure: { kind: "environmental", columns: ["avg_pressure_bar"] },
} as const satisfies Record<string, { kind: SeriesKind; columns: readonly string[] }>;

export type Metric = keyof typeof metricColumns;
export const metricNames = Object.keys(metricColumns) as Metric[];

export function isMetric(name: string): name is Metric {
  return Object.hasOwn(metricColumns, name);
}
