import type { ModelType } from "./model";

// The sign rule: heating and cooling terms must have their physical sign in every model type.
// Energy rises with heating and cooling degree-days (hdd, cdd ≥ 0); a change-point heating slope
// is energy rising as the temperature falls below the balance point, a cooling slope energy rising
// as it climbs above (both ≥ 0 on the degree columns, 4P's two sides included: lib/analytics/
// changepoint writes every type with degree columns so one rule covers them). Unsigned: a linear
// model's avg_outdoor_temp_c (a heating machine's slope is negative, a cooling one's positive) and
// TOWT's temperature spline segments (CalTRACK leaves each segment's slope free: heating segments
// fall, cooling segments rise); hdd or cdd among TOWT's extra drivers follow the rule.

/** Where the rule comes from, quoted in quality checks and dropped-term reasons. */
export const SIGN_RULE_SOURCE =
  "CalTRACK 2.0 §3.4.3.2 (a candidate model qualifies only if its heating and cooling coefficients are not negative); ASHRAE Guideline 14 inverse (change-point) models";

/** What each signed design column means physically, for messages. */
const SIGNED: Record<string, string> = {
  hdd: "energy should rise with heating degree-days",
  cdd: "energy should rise with cooling degree-days",
  heating_degrees: "heating energy should rise as the temperature falls below the heating balance point",
  cooling_degrees: "cooling energy should rise as the temperature climbs above the cooling balance point",
  below_change_point: "energy should rise as the temperature falls below the change point (heating side)",
  above_change_point: "energy should rise as the temperature climbs above the change point (cooling side)",
};

const CHANGE_POINT_COLUMNS: Partial<Record<ModelType, string[]>> = {
  "3p_heating": ["heating_degrees"],
  "3p_cooling": ["cooling_degrees"],
  "4p": ["below_change_point", "above_change_point"],
  "5p": ["heating_degrees", "cooling_degrees"],
};

/**
 * The design columns of a model whose coefficient must be ≥ 0, with why. hdd and cdd are signed in
 * every model type (as drivers of a linear model, or extra drivers of the others).
 */
export function signedTerms(modelType: ModelType, featureNames: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const own = CHANGE_POINT_COLUMNS[modelType] ?? [];
  for (const f of featureNames) if (f === "hdd" || f === "cdd" || own.includes(f)) out.set(f, SIGNED[f]!);
  return out;
}

/** The physical meaning of a signed driver or column (undefined: unsigned). */
export function signMeaning(name: string): string | undefined {
  return SIGNED[name];
}

export interface SignViolation {
  term: string;
  coefficient: number;
  /** e.g. "energy should rise with cooling degree-days". */
  rule: string;
}

/** Terms whose coefficient breaks the sign rule (coefficients in featureNames order). */
export function signViolations(modelType: ModelType, featureNames: readonly string[], coefficients: readonly number[]): SignViolation[] {
  const signed = signedTerms(modelType, featureNames);
  const out: SignViolation[] = [];
  featureNames.forEach((f, j) => {
    const rule = signed.get(f);
    const b = coefficients[j]!;
    if (rule !== undefined && b < 0) out.push({ term: f, coefficient: b, rule });
  });
  return out;
}

/** A coefficient for a message: 4 significant digits, thousands separated (−1,079). */
export function formatCoefficient(v: number): string {
  return Number(v.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 6 }).replace("-", "−");
}
