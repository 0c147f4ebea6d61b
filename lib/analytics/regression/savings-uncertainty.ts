/**
 * Fractional savings uncertainty (FSU) of avoided energy use predicted by a
 * baseline regression, ASHRAE Guideline 14 as modified by CalTRACK.
 *
 * References (formulas below cite them):
 *  [G14]  ASHRAE Guideline 14-2014, Annex B (after Reddy & Claridge 2000,
 *         "Uncertainty of 'measured' energy savings from statistical baseline
 *         models", HVAC&R Research 6(1)): ΔE/E = 1.26·t·CV·sqrt(...)/F, with the
 *         empirical factor 1.26, and n' = n(1−ρ)/(1+ρ) for autocorrelated residuals.
 *  [CT]   CalTRACK Methods 2.0, §4.3.2.4 (github.com/openeemeter/caltrack,
 *         docs/methods.rst): FSU = t·(aM² + bM + d)·CV·sqrt((P/P')(1 + 2/P')(1/Q)) / F,
 *         M = months in the reporting period, Q = reporting periods,
 *         t with the baseline model's degrees of freedom.
 *  [SB]   Sun & Baltazar (2013), ASHRAE Transactions, as quoted by [CT]:
 *         billing/monthly a = −0.00022, b = 0.03306, d = 0.94054;
 *         daily a = −0.00024, b = 0.03535, d = 1.00286.
 *  [EE]   OpenEEmeter eemeter/derivatives.py `_compute_fsu_error`: same formula,
 *         M = reporting days / 30 for daily data, M = reporting periods for billing.
 *  [NM]   kW-Labs nmecr `calculate_savings_and_uncertainty`: 1.26 for hourly and
 *         15-minute models, the [SB] polynomials for daily and monthly.
 *
 * Note: [CT] and [EE] use (1 + 2/n') where the [G14] uncorrelated form has
 * (1 + 2/n); they coincide when ρ = 0. We follow [CT]/[EE].
 */
import { tCritical } from "./distributions";
import { RegressionError } from "./errors";

export type Granularity = "15min" | "hourly" | "daily" | "weekly" | "monthly" | "billing_period";

export interface FsuInput {
  /** Baseline observations used to fit the model. */
  n: number;
  /** Fitted parameters including the intercept. */
  p: number;
  /** CV(RMSE) as a fraction: sqrt(SSE/(n−p)) / ȳ. Give this, or residualSd and meanY. */
  cvRmse?: number;
  /** sqrt(SSE/(n−p)) (OlsStats.residualSd, not OlsStats.rmse). */
  residualSd?: number;
  /** Baseline mean of y. */
  meanY?: number;
  /** Lag-1 autocorrelation ρ of the baseline residuals, −1 < ρ < 1. */
  lag1Autocorrelation: number;
  /** Reporting-period points m (same granularity as the baseline). */
  reportingPoints: number;
  /** Expected (adjusted-baseline) consumption over the reporting period, energy units. */
  expectedReportingTotal: number;
  /** Expected savings over the reporting period; enables `fsu` (uncertainty / savings). */
  expectedSavings?: number;
  granularity: Granularity;
  /** Two-sided confidence level (default 0.90, as [CT] and [EE]). */
  confidence?: number;
  /** Override M (months in the reporting period) for the [SB] correction. */
  reportingMonths?: number;
}

export interface FsuResult {
  /** Absolute savings uncertainty at the confidence level, in the energy units of the totals. */
  uncertainty: number;
  /** uncertainty / expectedReportingTotal (= FSU · F with F = savings / adjusted baseline). */
  fraction: number;
  /** uncertainty / expectedSavings (the FSU proper), or null without expectedSavings. */
  fsu: number | null;
  effectiveN: number;
  tValue: number;
  degreesOfFreedom: number;
  cvRmse: number;
  /** Empirical factor applied (1.26, or the Sun–Baltazar polynomial value). */
  correctionFactor: number;
  correctionSource: string;
  /** Months in the reporting period used by the Sun–Baltazar polynomial (null when not used). */
  reportingMonths: number | null;
}

/** Days per month for converting daily reporting points to M, as [EE]. */
const DAYS_PER_MONTH = 30;

export function fractionalSavingsUncertainty(input: FsuInput): FsuResult {
  const { n, p, lag1Autocorrelation: rho, reportingPoints: m, expectedReportingTotal: total, granularity } = input;
  const confidence = input.confidence ?? 0.9;
  const cv = input.cvRmse ?? (input.residualSd !== undefined && input.meanY !== undefined ? input.residualSd / input.meanY : Number.NaN);
  const invalid = (msg: string): never => {
    throw new RegressionError("invalid_input", msg);
  };
  if (!Number.isInteger(n) || !Number.isInteger(p) || p < 1) invalid("n and p must be integers, p ≥ 1.");
  if (n - p < 1) throw new RegressionError("too_few_samples", `Need n > p (n = ${n}, p = ${p}).`);
  if (!Number.isFinite(cv) || cv < 0) invalid("Give cvRmse ≥ 0, or residualSd and a non-zero meanY.");
  if (!(rho > -1 && rho < 1)) invalid(`lag1Autocorrelation must be in (−1, 1), got ${rho}.`);
  if (!(m >= 1)) invalid(`reportingPoints must be ≥ 1, got ${m}.`);
  if (!Number.isFinite(total)) invalid("expectedReportingTotal must be finite.");
  if (!(confidence > 0 && confidence < 1)) invalid(`confidence must be in (0, 1), got ${confidence}.`);

  // [G14] effective number of independent baseline points.
  const effectiveN = (n * (1 - rho)) / (1 + rho);
  const { factor, source, months } = correction(granularity, m, input.reportingMonths);
  const df = n - p;
  const t = tCritical(confidence, df); // [CT] 4.3.2.4.2: baseline model degrees of freedom
  // [CT] 4.3.2.4 / [EE]: relative uncertainty of the baseline projection over the reporting period.
  const relative = t * factor * cv * Math.sqrt((n / effectiveN) * (1 + 2 / effectiveN) * (1 / m));
  const uncertainty = relative * Math.abs(total);
  const savings = input.expectedSavings;
  return {
    uncertainty,
    fraction: relative,
    fsu: savings !== undefined && savings !== 0 ? uncertainty / Math.abs(savings) : null,
    effectiveN,
    tValue: t,
    degreesOfFreedom: df,
    cvRmse: cv,
    correctionFactor: factor,
    correctionSource: source,
    reportingMonths: months,
  };
}

function correction(granularity: Granularity, m: number, monthsOverride?: number): { factor: number; source: string; months: number | null } {
  switch (granularity) {
    case "15min":
    case "hourly":
      return { factor: 1.26, source: "ASHRAE Guideline 14 empirical factor 1.26 (as nmecr applies to hourly/15-min models)", months: null };
    case "weekly":
      // No reference gives a weekly correction; keep the Guideline 14 constant.
      return { factor: 1.26, source: "ASHRAE Guideline 14 empirical factor 1.26 (no weekly-specific reference)", months: null };
    case "daily": {
      const M = monthsOverride ?? m / DAYS_PER_MONTH;
      return { factor: -0.00024 * M * M + 0.03535 * M + 1.00286, source: "Sun & Baltazar (2013) daily polynomial, via CalTRACK 2.0 §4.3.2.4", months: M };
    }
    case "monthly":
    case "billing_period": {
      // Billing periods are the polynomial's own data (monthly bills), one period a month.
      const M = monthsOverride ?? m;
      return { factor: -0.00022 * M * M + 0.03306 * M + 0.94054, source: "Sun & Baltazar (2013) billing/monthly polynomial, via CalTRACK 2.0 §4.3.2.4", months: M };
    }
    default:
      throw new RegressionError("invalid_input", `Unknown granularity ${String(granularity)}.`);
  }
}
