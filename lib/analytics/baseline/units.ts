import { driverCatalogue, HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";

// Units of a baseline's numbers, derived from the granularity and the driver catalogue.
//
// The response variable: at 15min and hourly a model is fitted on kWh per bucket; at daily and
// coarser (daily, weekly, monthly, a future billing_period) on daily rates, kWh/d, because those
// buckets differ in length (23/25-hour days, 28–31-day months). Summed drivers are then per day
// as well, averages and shares unchanged. So a summed driver's coefficient has the same unit at
// every granularity (kWh per unit: kWh/d ÷ units/d), an average's carries the y unit (kWh per °C
// hourly, kWh/d per °C daily), and the intercept, RMSE and MAE are in the y unit.
// The per-day normalisation itself is the frame's (lib/analytics/drivers/frame.ts).

/** Drivers the frame sums over a bucket (and, daily and coarser, divides by the bucket's days). */
export const SUMMED_DRIVERS: ReadonlySet<string> = new Set(["total_production_count", "running_hours", "hdd", "cdd"]);

/** Drivers without a dimension (shares of the bucket): their coefficient is in the y unit. */
const DIMENSIONLESS_UNITS = new Set(["share"]);

/** Catalogue units written as the "per …" of a coefficient (singular). */
const PER: Record<string, string> = { units: "unit", "units/h": "(units/h)" };

/** Design columns of change-point and TOWT models: degrees of the average temperature. */
const TEMPERATURE_FEATURES = /^(heating_degrees|cooling_degrees|below_change_point|above_change_point|temp_(occ|unocc)_seg\d+)$/;

export interface BaselineUnits {
  /** Unit of y, actual, expected, intercept, RMSE and MAE: "kWh" (per bucket) or "kWh/d". */
  energy: "kWh" | "kWh/d";
  /** "bucket": y is the energy of one bucket; "day": y is the bucket's energy per day. */
  basis: "bucket" | "day";
  intercept: string;
  rmse: string;
  mae: string;
  /** Design column name → unit of its coefficient. */
  coefficients: Record<string, string>;
  /** The ratio convention of every baseline response. */
  ratios: string;
}

export const RATIO_CONVENTION = "fields ending _pct are percent (0–100); every other ratio (r_squared, cv_rmse, nmbe, mape, coverage, fractional_savings_uncertainty, confidence, thresholds) is a fraction (0.12 = 12 %)";

/** Whether a granularity's models are fitted on daily rates (kWh/d) instead of kWh per bucket. */
export function fittedPerDay(granularity: string): boolean {
  return granularity !== "15min" && granularity !== "hourly";
}

/**
 * The unit of one design column's coefficient at a granularity, e.g. hdd → "kWh per °C·d",
 * avg_outdoor_temp_c → "kWh per °C" (hourly) or "kWh/d per °C" (daily). Unknown names get
 * "kWh per unit of <name>" rather than a guess.
 */
export function coefficientUnit(feature: string, granularity: string): string {
  const y = fittedPerDay(granularity) ? "kWh/d" : "kWh";
  if (TEMPERATURE_FEATURES.test(feature)) return `${y} per °C`;
  const info = driverCatalogue.find((d) => d.name === feature);
  if (!info || feature === HOUR_OF_WEEK) return `${y} per unit of ${feature}`;
  if (DIMENSIONLESS_UNITS.has(info.unit)) return y;
  const per = PER[info.unit] ?? info.unit;
  // A summed driver is per day too when y is: kWh/d ÷ (x/d) = kWh per x.
  return SUMMED_DRIVERS.has(feature) ? `kWh per ${per}` : `${y} per ${per}`;
}

/** Units of a model's coefficients (by design column), intercept, RMSE and MAE. */
export function baselineUnits(granularity: string, featureNames: readonly string[]): BaselineUnits {
  const energy = fittedPerDay(granularity) ? "kWh/d" : "kWh";
  return {
    energy,
    basis: energy === "kWh" ? "bucket" : "day",
    intercept: energy,
    rmse: energy,
    mae: energy,
    coefficients: Object.fromEntries(featureNames.map((f) => [f, coefficientUnit(f, granularity)])),
    ratios: RATIO_CONVENTION,
  };
}
