import { robustScale } from "../robust";
import { severityOf, type DetectorResult, type Flag, type MachineBuckets } from "../types";

// Baseline residuals and their CUSUM. The residual of a bucket is its metered energy less what
// the machine's active baseline expects for the same covered time (kWh). Residuals are scaled
// robustly: z = (r − median r) / (1.4826 · MAD r) over every usable bucket of the analysis
// window (the reference days before the detection window and the window itself), so a minority
// of anomalous buckets cannot inflate the scale that judges them. Only excess use is flagged
// (z > 0): the product looks for energy that should not have been used.

export const RESIDUAL_DEFAULTS = {
  /** Robust z at which a bucket is flagged low / medium / high (divided by the sensitivity). */
  low: 4,
  medium: 6,
  high: 10,
  /** Buckets covered less than this are gaps, never residuals (lib/analytics/drivers/frame MIN_COVERAGE). */
  minCoverage: 0.9,
  /** The scale is at least this many kWh, and this share of the median expected energy (meters round). */
  scaleFloorKwh: 0.05,
  scaleFloorShare: 0.01,
};

export const CUSUM_DEFAULTS = {
  /** Reference value k in robust σ: half the smallest shift worth detecting (1 σ), Montgomery §9.1. */
  k: 0.5,
  /** Decision interval h in robust σ (divided by the sensitivity); one-sided ARL₀ ≈ 930 buckets at h = 5 on independent residuals. */
  h: 8,
  /** Each bucket adds at most this many σ, so one outlier alone cannot raise an alarm (that is the residual detector's job). */
  cap: 3,
  /** Severity by the mean shift of the alarmed run, in robust σ. */
  low: 0,
  medium: 2,
  high: 4,
};

/** Robust z-scores of the residuals (NaN where a bucket has no usable residual) and their centre and scale. */
export function residualScores(b: MachineBuckets, p = RESIDUAL_DEFAULTS): { z: Float64Array; residual: Float64Array; center: number; scale: number } {
  const n = b.times.length;
  const residual = new Float64Array(n).fill(Number.NaN);
  const expectedAbs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (b.coverage[i]! < p.minCoverage || !Number.isFinite(b.expected[i]!) || !Number.isFinite(b.energy[i]!)) continue;
    residual[i] = b.energy[i]! - b.expected[i]!;
    expectedAbs.push(Math.abs(b.expected[i]!));
  }
  expectedAbs.sort((x, y) => x - y);
  const typical = expectedAbs[expectedAbs.length >> 1] ?? 0;
  const { center, scale } = robustScale(residual, Math.max(p.scaleFloorKwh, p.scaleFloorShare * typical));
  const z = new Float64Array(n).fill(Number.NaN);
  if (Number.isFinite(scale)) for (let i = 0; i < n; i++) if (Number.isFinite(residual[i]!)) z[i] = (residual[i]! - center) / scale;
  return { z, residual, center, scale };
}

/** Buckets of the detection window whose robust z reaches the low threshold ÷ sensitivity. */
export function detectResiduals(b: MachineBuckets, sensitivity = 1, p = RESIDUAL_DEFAULTS): DetectorResult {
  const { z, center, scale } = residualScores(b, p);
  const t = { low: p.low / sensitivity, medium: p.medium / sensitivity, high: p.high / sensitivity };
  const flags: Flag[] = [];
  for (let i = b.from; i < b.times.length; i++) {
    const severity = Number.isFinite(z[i]!) ? severityOf(z[i]!, t) : null;
    if (severity) flags.push({ index: i, score: z[i]!, severity, excessKwh: Math.max(0, b.energy[i]! - b.expected[i]!), expectedKwh: b.expected[i]! });
  }
  return { detector: "baseline_residual", flags, parameters: { ...t, residual_median_kwh: center, residual_scale_kwh: scale, min_coverage: p.minCoverage } };
}

/**
 * Upper tabular CUSUM of the robust z-scores (Page 1954; Montgomery, Introduction to Statistical
 * Quality Control, §9.1): S_i = max(0, S_{i−1} + min(z_i, cap) − k); an alarm when S_i > h. The
 * change is dated to the bucket after S last was 0, and every bucket from there to the alarm is
 * flagged; S then restarts at 0, so a shift that persists alarms again and again (one event) and
 * one that ended stops alarming within h/k buckets. Buckets without a residual leave S as it is.
 * Score: the mean z of the alarmed run (the shift's size in robust σ).
 */
export function cusumAlarms(z: ArrayLike<number>, k: number, h: number, cap: number): { start: number; end: number; meanShift: number }[] {
  const runs: { start: number; end: number; meanShift: number }[] = [];
  let s = 0;
  let start = 0;
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    if (!Number.isFinite(v)) continue;
    if (s === 0) start = i;
    s = Math.max(0, s + Math.min(v, cap) - k);
    if (s === 0) continue;
    if (s > h) {
      let sum = 0;
      let count = 0;
      for (let j = start; j <= i; j++) if (Number.isFinite(z[j]!)) [sum, count] = [sum + z[j]!, count + 1];
      runs.push({ start, end: i, meanShift: sum / count });
      s = 0;
    }
  }
  return runs;
}

/** CUSUM flags of the detection window (see cusumAlarms), h divided by the sensitivity; every flagged bucket carries its run's mean shift as score. */
export function detectCusum(b: MachineBuckets, sensitivity = 1, p = CUSUM_DEFAULTS, r = RESIDUAL_DEFAULTS): DetectorResult {
  const { z, scale } = residualScores(b, r);
  const h = p.h / sensitivity;
  const flags: Flag[] = [];
  for (const run of cusumAlarms(z, p.k, h, p.cap)) {
    const severity = severityOf(run.meanShift, p) ?? "low";
    for (let i = Math.max(run.start, b.from); i <= run.end; i++) {
      if (!Number.isFinite(z[i]!)) continue;
      flags.push({ index: i, score: run.meanShift, severity, excessKwh: Math.max(0, b.energy[i]! - b.expected[i]!), expectedKwh: b.expected[i]! });
    }
  }
  return { detector: "cusum", flags, parameters: { k: p.k, h, cap: p.cap, residual_scale_kwh: scale } };
}
