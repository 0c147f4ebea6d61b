import { MAD_TO_SD, median, robustScale } from "../robust";
import { severityOf, type DetectorResult, type Flag, type MachineBuckets } from "../types";

// For machines without a passing baseline: the expected energy of a bucket is the median of the
// machine's energy at the same local hour of the week over the analysis window (reference weeks
// and the detection window), and its spread the larger of the pooled robust scale of all
// residuals and the robust scale at that hour of week. A robust seasonal profile, in the spirit of
// CalTRACK's time-of-week effects, without drivers.

export const PROFILE_DEFAULTS = {
  low: 4,
  medium: 6,
  high: 10,
  minCoverage: 0.9,
  /** An hour of week needs this many usable buckets before it has an expectation. */
  minSamples: 3,
  scaleFloorKwh: 0.05,
  scaleFloorShare: 0.02,
};

/** Per bucket: the hour-of-week median (kWh) and the spread used to judge it; NaN where unknown. */
export function hourOfWeekProfile(b: MachineBuckets, p = PROFILE_DEFAULTS): { expected: Float64Array; spread: Float64Array } {
  const n = b.times.length;
  const byHour = Array.from({ length: 168 }, () => [] as number[]);
  for (let i = 0; i < n; i++) if (b.coverage[i]! >= p.minCoverage && Number.isFinite(b.energy[i]!)) byHour[b.hourOfWeek[i]!]!.push(b.energy[i]!);
  const medians = byHour.map((v) => (v.length >= p.minSamples ? median(v) : Number.NaN));
  const residuals = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) if (b.coverage[i]! >= p.minCoverage) residuals[i] = b.energy[i]! - medians[b.hourOfWeek[i]!]!;
  const typical = median(medians);
  const pooled = robustScale(residuals, Math.max(p.scaleFloorKwh, p.scaleFloorShare * (Number.isFinite(typical) ? typical : 0))).scale;
  const hourScale = byHour.map((v, h) => MAD_TO_SD * median(v.map((x) => Math.abs(x - medians[h]!))));
  const expected = new Float64Array(n).fill(Number.NaN);
  const spread = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const h = b.hourOfWeek[i]!;
    expected[i] = medians[h]! * Math.min(1, b.coverage[i]!);
    spread[i] = Math.max(pooled, Number.isFinite(hourScale[h]!) ? hourScale[h]! : 0);
  }
  return { expected, spread };
}

/** Buckets of the detection window whose z against the hour-of-week profile reaches the low threshold ÷ sensitivity; excess = actual − the hour's median (kWh). */
export function detectProfile(b: MachineBuckets, sensitivity = 1, p = PROFILE_DEFAULTS): DetectorResult {
  const { expected, spread } = hourOfWeekProfile(b, p);
  const t = { low: p.low / sensitivity, medium: p.medium / sensitivity, high: p.high / sensitivity };
  const flags: Flag[] = [];
  for (let i = b.from; i < b.times.length; i++) {
    if (b.coverage[i]! < p.minCoverage || !Number.isFinite(expected[i]!) || !(spread[i]! > 0)) continue;
    const z = (b.energy[i]! - expected[i]!) / spread[i]!;
    const severity = severityOf(z, t);
    if (severity) flags.push({ index: i, score: z, severity, excessKwh: Math.max(0, b.energy[i]! - expected[i]!), expectedKwh: expected[i]! });
  }
  return { detector: "profile", flags, parameters: { ...t, min_samples: p.minSamples, min_coverage: p.minCoverage } };
}
