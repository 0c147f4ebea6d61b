/**
 * Goodness-of-fit metrics (ASHRAE Guideline 14 definitions where they exist),
 * residual diagnostics and variance inflation factors.
 */
import { compensatedSum } from "./compensated";
import { fUpperP } from "./distributions";
import type { OlsStats } from "./types";

export interface MetricInput {
  y: Float64Array;
  fitted: Float64Array;
  residuals: Float64Array;
  hasIntercept: boolean;
  p: number;
  conditionNumber: number;
}

export function fitMetrics(input: MetricInput): OlsStats {
  const { y, fitted, residuals: e, hasIntercept, p } = input;
  const n = y.length;
  const dfResidual = n - p;
  const dfModel = hasIntercept ? p - 1 : p;
  const meanY = compensatedSum(y) / n;

  let sse = 0;
  let absSum = 0;
  let apeSum = 0;
  let apeCount = 0;
  for (let i = 0; i < n; i++) {
    const r = e[i]!;
    sse += r * r;
    absSum += Math.abs(r);
    if (y[i] !== 0) {
      apeSum += Math.abs(r / y[i]!);
      apeCount++;
    }
  }
  // Centred sums use the mean; the second term corrects its rounding (corrected two-pass).
  const center = hasIntercept ? meanY : 0;
  const sst = sumSquaredDeviations(y, center);
  const ssr = sumSquaredDeviations(fitted, center);
  // Use whichever of SSE, SSR is the smaller fraction: 1 − SSE/SST near 1, SSR/SST near 0.
  const rSquared = sst === 0 ? Number.NaN : sse <= ssr ? 1 - sse / sst : ssr / sst;
  const dfTotal = hasIntercept ? n - 1 : n;
  const adjRSquared = 1 - ((1 - rSquared) * dfTotal) / dfResidual;
  const residualSd = Math.sqrt(sse / dfResidual);
  const residualSum = compensatedSum(e);

  let fStatistic: number;
  // A constant response (sst = 0) has nothing to explain: F is undefined, whatever rounding left in sse and ssr.
  if (dfModel === 0 || sst === 0 || (sse === 0 && ssr === 0)) fStatistic = Number.NaN;
  else if (sse === 0) fStatistic = Infinity;
  else fStatistic = ssr / dfModel / (sse / dfResidual);

  return {
    rSquared,
    adjRSquared,
    rmse: Math.sqrt(sse / n),
    residualSd,
    cvRmse: meanY === 0 ? Number.NaN : residualSd / meanY,
    nmbe: meanY === 0 ? Number.NaN : residualSum / (dfResidual * meanY),
    mae: absSum / n,
    mape: apeCount > 0 ? apeSum / apeCount : Number.NaN,
    mapeSkippedRows: n - apeCount,
    fStatistic,
    fPValue: fUpperP(fStatistic, dfModel, dfResidual),
    durbinWatson: durbinWatson(e),
    conditionNumber: input.conditionNumber,
    lag1Autocorrelation: lag1Autocorrelation(e),
    sse,
    ssr,
    sst,
    meanY,
    dfModel,
    dfResidual,
  };
}

function sumSquaredDeviations(v: Float64Array, center: number): number {
  let ss = 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i]! - center;
    ss += d * d;
    s += d;
  }
  return center === 0 ? ss : Math.max(0, ss - (s * s) / v.length);
}

/** Σ(e_t − e_{t−1})² / Σe_t²; NaN for an exact fit. */
export function durbinWatson(e: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let t = 0; t < e.length; t++) {
    den += e[t]! * e[t]!;
    if (t > 0) {
      const d = e[t]! - e[t - 1]!;
      num += d * d;
    }
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Sample lag-1 autocorrelation (time-series convention, mean-centred); NaN when residuals are constant. */
export function lag1Autocorrelation(e: ArrayLike<number>): number {
  const n = e.length;
  if (n < 2) return Number.NaN;
  const mean = compensatedSum(e) / n;
  let c0 = 0;
  let c1 = 0;
  for (let t = 0; t < n; t++) {
    const d = e[t]! - mean;
    c0 += d * d;
    if (t > 0) c1 += d * (e[t - 1]! - mean);
  }
  return c0 === 0 ? Number.NaN : c1 / c0;
}

/**
 * VIF_j = 1 / (1 − R_j²), R_j² from regressing driver j on the other drivers
 * (with the intercept when the model has one). Since [(XᵀX)⁻¹]_jj =
 * 1 / (SS_j · (1 − R_j²)), VIF_j = [(XᵀX)⁻¹]_jj · SS_j with SS_j = Σ(x_j − x̄_j)²
 * (Σx_j² without intercept) — identical to the diagonal of the inverse
 * correlation matrix, but read off the already QR-derived (XᵀX)⁻¹: no second
 * factorisation and no inversion of a correlation matrix.
 */
export function varianceInflation(a: Float64Array, m: number, k: number, offset: number, centre: boolean, xtxInverseDiag: (j: number) => number): number[] {
  if (k === 1) return [1];
  const out: number[] = [];
  for (let d = 0; d < k; d++) {
    const col = a.subarray((d + offset) * m, (d + offset + 1) * m);
    const ss = sumSquaredDeviations(col, centre ? compensatedSum(col) / m : 0);
    out.push(Math.max(1, xtxInverseDiag(d + offset) * ss));
  }
  return out;
}
