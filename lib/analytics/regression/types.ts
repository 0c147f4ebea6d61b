/** Public types of the OLS engine. */

export interface OlsOptions {
  /** Fit an intercept (default true). Without it R² is uncentred, as NIST NoInt1/NoInt2 certify. */
  intercept?: boolean;
  /** Confidence level of coefficient intervals (default 0.95). */
  confidence?: number;
  /**
   * Largest accepted 2-norm condition number of the design with columns scaled
   * to unit norm (default 1e11); above it fitOls throws "ill_conditioned".
   */
  maxConditionNumber?: number;
}

/**
 * Fit statistics. Ratios are fractions, not percentages. Quantities that are
 * undefined for the fit (e.g. Durbin–Watson of an exact fit, CV(RMSE) when the
 * mean of y is 0) are NaN; the F statistic of an exact fit is +Infinity.
 */
export interface OlsStats {
  /** Centred R² with an intercept; uncentred (Σŷ²/Σy²) without one. */
  rSquared: number;
  adjRSquared: number;
  /** sqrt(SSE / n): root mean square of the residuals. */
  rmse: number;
  /** sqrt(SSE / (n − p)): residual standard deviation (what NIST certifies). */
  residualSd: number;
  /** ASHRAE Guideline 14: sqrt(SSE / (n − p)) / ȳ. */
  cvRmse: number;
  /** ASHRAE Guideline 14: Σ(y − ŷ) / ((n − p) · ȳ). */
  nmbe: number;
  mae: number;
  /** Mean |y − ŷ| / |y| over rows with y ≠ 0 (those rows are skipped, see mapeSkippedRows). */
  mape: number;
  /** Rows left out of MAPE because y = 0. */
  mapeSkippedRows: number;
  fStatistic: number;
  fPValue: number;
  durbinWatson: number;
  /** 2-norm condition number of the design (intercept column included) with unit-norm columns. */
  conditionNumber: number;
  /** Σ(e_t − ē)(e_{t−1} − ē) / Σ(e_t − ē)², residuals in input (time) order. */
  lag1Autocorrelation: number;
  sse: number;
  /** Regression sum of squares: Σ(ŷ − ȳ)², or Σŷ² without an intercept. */
  ssr: number;
  /** Total sum of squares: Σ(y − ȳ)², or Σy² without an intercept. */
  sst: number;
  meanY: number;
  dfModel: number;
  dfResidual: number;
}

/**
 * Everything predictOls needs; plain JSON (numbers and arrays only) so a
 * saved model re-imported predicts identically. Parameter order everywhere:
 * [intercept (if any), ...drivers in input order].
 */
export interface OlsState {
  version: 1;
  names: string[];
  hasIntercept: boolean;
  intercept: number;
  coefficients: number[];
  n: number;
  p: number;
  /** s² = SSE / (n − p). */
  residualVariance: number;
  /**
   * W (p×p, row-major rows) with (XᵀX)⁻¹ = WᵀW, from the QR factors
   * (W = R⁻ᵀ·D·Πᵀ for the pivoted, column-scaled design). x0ᵀ(XᵀX)⁻¹x0 = ‖W x0‖²,
   * which cannot go negative and avoids cancellation in the quadratic form.
   */
  xtxInverseFactor: number[][];
  /** (XᵀX)⁻¹ (p×p), for export/inspection; predictOls uses xtxInverseFactor. */
  xtxInverse: number[][];
}

export interface OlsFit {
  names: string[];
  hasIntercept: boolean;
  /** 0 when hasIntercept is false. */
  intercept: number;
  coefficients: number[];
  stdErrors: { intercept: number | null; drivers: number[] };
  tValues: { intercept: number | null; drivers: number[] };
  pValues: { intercept: number | null; drivers: number[] };
  confidenceIntervals: { intercept: [number, number] | null; drivers: [number, number][] };
  /** Confidence level used for confidenceIntervals. */
  confidence: number;
  /** Variance inflation factor per driver (1 when there is a single driver). */
  vif: number[];
  n: number;
  /** Fitted parameters including the intercept. */
  p: number;
  stats: OlsStats;
  residuals: number[];
  fitted: number[];
  state: OlsState;
}

export interface OlsPrediction {
  value: number;
  /** Prediction interval for a new observation. */
  lower: number;
  upper: number;
  /** Confidence interval of the mean response. */
  meanLower: number;
  meanUpper: number;
  /** Standard error of the mean response, s·sqrt(x0ᵀ(XᵀX)⁻¹x0). */
  seMean: number;
  /** Standard error of a new observation, s·sqrt(1 + x0ᵀ(XᵀX)⁻¹x0). */
  sePrediction: number;
}
