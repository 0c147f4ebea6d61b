// A stored model's standing against the quality checks it was judged by at training (the
// `quality_checks` in its statistics): the one place that decides whether a model may be called
// healthy. The first saved model of a machine becomes active even when it fails a check (so
// deviation, EnPI and forecasts have a model to work with); it must then say which checks it fails,
// never read "healthy". Pure and browser-safe: the API and the pages call the same functions.

/** A stored quality check (lib/analytics/baseline/quality.ts): value and threshold as judged at training. */
export interface StoredCheck {
  name: string;
  value: number | null;
  threshold: string;
  passed: boolean;
  detail?: string;
}

export interface FailedCheck {
  name: string;
  value: number | null;
  threshold: string;
  /** In words with value and limit: "data coverage (62 % < 90 %)". */
  text: string;
}

export interface ModelStanding {
  /** Every stored check passed (false when the model stores no checks: nothing vouches for it). */
  passes: boolean;
  failed: FailedCheck[];
  /** "Active — passes every quality check", "Active — fails data coverage (62 % < 90 %)", "Not active — fails …". */
  label: string;
}

const CHECK_NAME: Record<string, string> = {
  r_squared: "R²",
  cv_rmse: "CV(RMSE)",
  nmbe: "NMBE",
  model_p_value: "model p-value",
  driver_p_values: "driver p-values",
  vif: "VIF",
  data_coverage: "data coverage",
  samples: "samples",
  physical_signs: "physical signs",
};

/** The check's limit: the first number of its stored threshold text (">= 0.9 of buckets complete" → 0.9). */
function limitOf(threshold: string): number | null {
  const m = threshold.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/i);
  return m ? Number(m[0]) : null;
}

const pct = (v: number) => `${Number((100 * v).toFixed(1))} %`;
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/**
 * A failed check in words, with its value against the limit it missed. Ratios the API gives as
 * fractions read as percent where the field does (coverage, CV(RMSE), NMBE); p-values, R² and VIF
 * as numbers. E.g. "data coverage (62 % < 90 %)", "CV(RMSE) (34.2 % > 30 %)", "NMBE (|−0.8 %| > 0.5 %)".
 */
export function failedCheckText(c: StoredCheck): string {
  const name = CHECK_NAME[c.name] ?? c.name.replaceAll("_", " ");
  const limit = limitOf(c.threshold);
  const v = c.value;
  if (c.name === "physical_signs") return c.detail ? `${name} (${c.detail})` : `${name} (${v ?? "?"} term${v === 1 ? "" : "s"} of the wrong sign)`;
  if (v === null || v === undefined || limit === null) return `${name} (${c.threshold})`;
  switch (c.name) {
    case "data_coverage":
      return `${name} (${pct(v)} < ${pct(limit)})`;
    case "cv_rmse":
      return `${name} (${pct(v)} > ${pct(limit)})`;
    case "nmbe":
      return `${name} (|${pct(v)}| > ${pct(limit)})`;
    case "r_squared":
      return `${name} (${num(v)} < ${num(limit)})`;
    case "samples":
      return `${name} (${v} < ${limit})`;
    case "vif":
      return `${name} (${num(v)} ≥ ${num(limit)})`;
    case "driver_p_values":
      return `${name} (highest ${num(v)}; ${c.threshold.replaceAll("<=", "≤")})`;
    default:
      return `${name} (${num(v)} > ${num(limit)})`;
  }
}

/**
 * A model's standing from its stored checks (`statistics.quality_checks`) and whether it is
 * active. A model without stored checks does not pass: nothing shows it meets the thresholds.
 */
export function modelStanding(checks: StoredCheck[] | null | undefined, isActive: boolean): ModelStanding {
  const list = checks ?? [];
  const failed = list.filter((c) => !c.passed).map((c) => ({ name: c.name, value: c.value, threshold: c.threshold, text: failedCheckText(c) }));
  const passes = list.length > 0 && failed.length === 0;
  const state = isActive ? "Active" : "Not active";
  const label = passes ? `${state} — passes every quality check` : failed.length > 0 ? `${state} — fails ${failed.map((f) => f.text).join(", ")}` : `${state} — no quality checks stored`;
  return { passes, failed, label };
}
