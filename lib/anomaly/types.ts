// Shapes shared by the detectors, event merging and storage of lib/anomaly.

export const detectorNames = [
  "baseline_residual",
  "cusum",
  "profile",
  "idle_leak",
  "over_power",
  "spike",
  "stuck_meter",
  "data_gap",
  "isolation_forest",
  "silent_meter",
] as const;
export type DetectorName = (typeof detectorNames)[number];

export const severities = ["low", "medium", "high"] as const;
export type Severity = (typeof severities)[number];
export const severityRank: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

export const statuses = ["open", "acknowledged", "resolved", "false_positive"] as const;
export type Status = (typeof statuses)[number];

/**
 * One machine's buckets over the analysis window (reference period + detection window), as the
 * detectors read them. Times are bucket starts (epoch ms, UTC-aligned hours by default); values
 * are NaN where the bucket has none. `expected` is the active baseline's energy for the covered
 * time, or NaN where there is no baseline or it cannot predict.
 */
export interface MachineBuckets {
  times: number[];
  stepMs: number;
  /** Index of the first bucket of the detection window; earlier buckets are reference only. */
  from: number;
  energy: Float64Array;
  /** Share of the bucket the readings cover (0…1); 0 where there are none. */
  coverage: Float64Array;
  avgPowerKw: Float64Array;
  minPowerKw: Float64Array;
  maxPowerKw: Float64Array;
  production: Float64Array;
  runningMinutes: Float64Array;
  /** Local hour of week (0 = Monday 00:00, plant time). */
  hourOfWeek: Int16Array;
  expected: Float64Array;
  /** Driver values of the baseline per bucket (evidence), by driver name. */
  drivers: Record<string, Float64Array>;
  ratedPowerKw: number | null;
  /** Whether the machine reports production at all (idle rules need it). */
  hasProduction: boolean;
}

/** A bucket a detector flags, with its score, severity and the energy above what was expected. */
export interface Flag {
  index: number;
  score: number;
  severity: Severity;
  /** kWh above expected in this bucket (≥ 0). */
  excessKwh: number;
  /** The value the detector compared the actual with (kWh), or NaN. */
  expectedKwh: number;
}

export interface DetectorResult {
  detector: DetectorName;
  flags: Flag[];
  /** Parameters used, stored in each event's evidence. */
  parameters: Record<string, number | string | boolean>;
}

/** Severity by thresholds on a score: ≥ high → high, ≥ medium → medium, ≥ low → low, else null. */
export function severityOf(score: number, t: { low: number; medium: number; high: number }): Severity | null {
  if (score >= t.high) return "high";
  if (score >= t.medium) return "medium";
  if (score >= t.low) return "low";
  return null;
}
