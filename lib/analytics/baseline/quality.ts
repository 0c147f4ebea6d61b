import type { OlsFit } from "@/lib/analytics/regression";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { formatCoefficient, SIGN_RULE_SOURCE, type SignViolation } from "./physics";
import { coefficientUnit } from "./units";

// Quality checks of a baseline, each with its value, threshold and source. Definitions (stated
// in the README and in every response): CV(RMSE) = √(SSE/(n−p))/ȳ, NMBE = Σ(y−ŷ)/((n−p)·ȳ),
// p counting every fitted parameter including the intercept (ASHRAE Guideline 14).

export interface QualityThresholds {
  minRSquared: number;
  maxCvRmseCoarse: number;
  maxCvRmseFine: number;
  maxAbsNmbe: number;
  maxModelPValue: number;
  maxDriverPValue: number;
  requiredDriverPValue: number;
  maxVif: number;
  minCoverage: number;
  minSamplesPerParameter: number;
}

export const defaultThresholds: QualityThresholds = {
  minRSquared: 0.75,
  maxCvRmseCoarse: 0.2,
  maxCvRmseFine: 0.3,
  maxAbsNmbe: 0.005,
  maxModelPValue: 0.1,
  maxDriverPValue: 0.2,
  requiredDriverPValue: 0.1,
  maxVif: 10,
  minCoverage: 0.9,
  minSamplesPerParameter: 10,
};

/** The API's snake_case name of each threshold (site settings, responses). */
export const thresholdNames = {
  min_r_squared: "minRSquared",
  max_cv_rmse_daily_and_coarser: "maxCvRmseCoarse",
  max_cv_rmse_hourly_and_finer: "maxCvRmseFine",
  max_abs_nmbe: "maxAbsNmbe",
  max_model_p_value: "maxModelPValue",
  max_driver_p_value: "maxDriverPValue",
  required_driver_p_value: "requiredDriverPValue",
  max_vif: "maxVif",
  min_coverage: "minCoverage",
  min_samples_per_parameter: "minSamplesPerParameter",
} as const satisfies Record<string, keyof QualityThresholds>;
export type ThresholdName = keyof typeof thresholdNames;

/** A site's thresholds: the defaults with the site's overrides (snake_case keys) applied. */
export function resolveThresholds(overrides: Partial<Record<string, number>> | null | undefined): QualityThresholds {
  const t = { ...defaultThresholds };
  for (const [name, field] of Object.entries(thresholdNames)) {
    const v = overrides?.[name];
    if (typeof v === "number" && Number.isFinite(v)) t[field] = v;
  }
  return t;
}

/** Thresholds in the API's snake_case form. */
export function thresholdsJson(t: QualityThresholds): Record<ThresholdName, number> {
  return Object.fromEntries(Object.entries(thresholdNames).map(([name, field]) => [name, t[field]])) as Record<ThresholdName, number>;
}

export interface QualityCheck {
  name: string;
  value: number | null;
  threshold: string;
  passed: boolean;
  source: string;
  /** What failed, in words (e.g. the term that breaks the sign rule, with its value and unit). */
  detail?: string;
}

export function qualityChecks(
  fit: Pick<OlsFit, "stats" | "p" | "pValues" | "vif">,
  granularity: Granularity,
  sufficiency: { coverage: number; samples: number; signViolations?: SignViolation[] },
  t: QualityThresholds = defaultThresholds,
): QualityCheck[] {
  const fine = granularity === "15min" || granularity === "hourly";
  const maxCv = fine ? t.maxCvRmseFine : t.maxCvRmseCoarse;
  const pv = fit.pValues.drivers;
  const maxP = pv.length ? Math.max(...pv) : null;
  const minP = pv.length ? Math.min(...pv) : null;
  const maxVif = fit.vif.length ? Math.max(...fit.vif) : null;
  const minSamples = t.minSamplesPerParameter * fit.p;
  return [
    { name: "r_squared", value: fit.stats.rSquared, threshold: `>= ${t.minRSquared}`, passed: fit.stats.rSquared >= t.minRSquared, source: "IPMVP" },
    { name: "cv_rmse", value: fit.stats.cvRmse, threshold: `<= ${maxCv} (${fine ? "hourly and finer" : "daily and coarser"})`, passed: Math.abs(fit.stats.cvRmse) <= maxCv, source: "ASHRAE Guideline 14" },
    { name: "nmbe", value: fit.stats.nmbe, threshold: `|nmbe| <= ${t.maxAbsNmbe}`, passed: Math.abs(fit.stats.nmbe) <= t.maxAbsNmbe, source: "ASHRAE Guideline 14" },
    { name: "model_p_value", value: fit.stats.fPValue, threshold: `<= ${t.maxModelPValue}`, passed: fit.stats.fPValue <= t.maxModelPValue, source: "US DOE EnPI (F-test)" },
    { name: "driver_p_values", value: maxP, threshold: `every <= ${t.maxDriverPValue}, at least one < ${t.requiredDriverPValue}`, passed: maxP !== null && minP !== null && maxP <= t.maxDriverPValue && minP < t.requiredDriverPValue, source: "US DOE EnPI" },
    { name: "vif", value: maxVif, threshold: `< ${t.maxVif}`, passed: maxVif === null || maxVif < t.maxVif, source: "collinearity (VIF)" },
    { name: "data_coverage", value: sufficiency.coverage, threshold: `>= ${t.minCoverage} of buckets complete`, passed: sufficiency.coverage >= t.minCoverage, source: "data sufficiency" },
    { name: "samples", value: sufficiency.samples, threshold: `>= ${minSamples} (${t.minSamplesPerParameter} per parameter)`, passed: sufficiency.samples >= minSamples, source: "data sufficiency" },
    physicalSignsCheck(sufficiency.signViolations ?? [], granularity),
  ];
}

/**
 * physical_signs: value = number of heating/cooling terms with a negative coefficient (0 passes).
 * Not a site threshold: a wrong-sign term is a wrong model, whatever the fit statistics say.
 */
export function physicalSignsCheck(violations: SignViolation[], granularity: Granularity): QualityCheck {
  return {
    name: "physical_signs",
    value: violations.length,
    threshold: "0 heating or cooling terms with a negative coefficient",
    passed: violations.length === 0,
    source: SIGN_RULE_SOURCE,
    ...(violations.length > 0
      ? { detail: violations.map((v) => `${v.term} = ${formatCoefficient(v.coefficient)} ${coefficientUnit(v.term, granularity)} < 0: ${v.rule}`).join("; ") }
      : {}),
  };
}
