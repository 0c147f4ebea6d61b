import { MAD_TO_SD, median, quantile, robustScale } from "../robust";
import { severityOf, type DetectorResult, type Flag, type MachineBuckets, type Severity } from "../types";

// Rule detectors on one machine's buckets. `expectedOf(i)` gives the expected energy of a bucket
// (the baseline's, else the hour-of-week profile's) for the excess of rules that have no
// expectation of their own.

export const RULE_DEFAULTS = {
  minCoverage: 0.9,
  idle: {
    /** Robust z of an idle bucket's energy against the idle base load: low / medium / high (÷ sensitivity). */
    low: 4,
    medium: 6,
    high: 10,
    /** The idle spread is at least this many kWh and this share of the base load. */
    scaleFloorKwh: 0.05,
    scaleFloorShare: 0.05,
    /** Idle buckets needed in the analysis window before a base load is known. */
    minIdleBuckets: 24,
  },
  overPower: {
    /** Without a rated power: the limit is this quantile of the window's bucket maxima × margin. */
    quantile: 0.999,
    margin: 1.25,
    /** Severity by peak ÷ limit (5 % above the limit before a flag: a motor at its rating is not a fault). */
    low: 1.05,
    medium: 1.25,
    high: 1.5,
  },
  spike: {
    /** Hampel filter on the bucket's peak power: neighbours on each side, and robust z thresholds (÷ sensitivity). */
    halfWindow: 3,
    low: 6,
    medium: 10,
    high: 20,
    /** A spike is short: the bucket's peak must be at least this multiple of its average power. */
    minPeakToAverage: 2,
    scaleFloorKw: 0.1,
    scaleFloorShare: 0.05,
  },
  stuck: {
    /** Consecutive buckets with identical non-zero energy (and constant power) that make a stuck meter. */
    minRun: 6,
    medium: 24,
    high: 72,
  },
  gap: {
    /** A gap of this many buckets or more is medium / high (any shorter one low). */
    medium: 6,
    high: 24,
  },
};

type Expected = (i: number) => number;
const excessOver = (b: MachineBuckets, i: number, expected: number) => (Number.isFinite(expected) ? Math.max(0, b.energy[i]! - expected) : 0);

/**
 * Energy while the machine is idle above its base load (night, weekend and holiday leaks). Idle:
 * no unit counted and no running minute in the bucket. Base load: the median energy of the idle
 * buckets of the analysis window; spread: 1.4826 × their MAD. Needs production data.
 */
export function detectIdleLeak(b: MachineBuckets, sensitivity = 1, p = RULE_DEFAULTS): DetectorResult {
  const parameters = { low: p.idle.low / sensitivity, medium: p.idle.medium / sensitivity, high: p.idle.high / sensitivity };
  if (!b.hasProduction) return { detector: "idle_leak", flags: [], parameters: { ...parameters, skipped: "no production data" } };
  const idle = (i: number) => !(b.production[i]! > 0) && !(b.runningMinutes[i]! > 0) && b.coverage[i]! >= p.minCoverage;
  const idleEnergy: number[] = [];
  for (let i = 0; i < b.times.length; i++) if (idle(i)) idleEnergy.push(b.energy[i]!);
  if (idleEnergy.length < p.idle.minIdleBuckets) return { detector: "idle_leak", flags: [], parameters: { ...parameters, skipped: "too few idle buckets" } };
  const base = median(idleEnergy);
  const { scale } = robustScale(idleEnergy, Math.max(p.idle.scaleFloorKwh, p.idle.scaleFloorShare * Math.abs(base)));
  const flags: Flag[] = [];
  for (let i = b.from; i < b.times.length; i++) {
    if (!idle(i)) continue;
    const z = (b.energy[i]! - base) / scale;
    const severity = severityOf(z, parameters);
    if (severity) flags.push({ index: i, score: z, severity, excessKwh: Math.max(0, b.energy[i]! - base), expectedKwh: base });
  }
  return { detector: "idle_leak", flags, parameters: { ...parameters, base_load_kwh: base, idle_scale_kwh: scale } };
}

/**
 * A bucket's peak power above the machine's rated power, or (without one) above a high quantile of
 * its peaks × a margin. Excess: the energy above the limit, ∫(P − P_limit)⁺ dt. From hourly
 * buckets alone that is bounded below by max(0, E − P_limit × covered hours) (the whole bucket's
 * energy against the limit), which this sets; detection then replaces it with the integral at the
 * readings' resolution (`overPowerExcessKwh`, lib/anomaly/over-power.ts), which a 3-minute peak in
 * an hour averaging under the limit needs.
 */
export function detectOverPower(b: MachineBuckets, expectedOf: Expected, p = RULE_DEFAULTS): DetectorResult {
  const limit = b.ratedPowerKw !== null && b.ratedPowerKw > 0 ? b.ratedPowerKw : quantile(b.maxPowerKw, p.overPower.quantile) * p.overPower.margin;
  const flags: Flag[] = [];
  if (Number.isFinite(limit) && limit > 0) {
    for (let i = b.from; i < b.times.length; i++) {
      const ratio = b.maxPowerKw[i]! / limit;
      const severity = severityOf(ratio, p.overPower);
      const hours = (b.coverage[i]! * b.stepMs) / 3_600_000;
      const excessKwh = Number.isFinite(b.energy[i]!) ? Math.max(0, b.energy[i]! - limit * hours) : 0;
      if (severity) flags.push({ index: i, score: ratio, severity, excessKwh, expectedKwh: expectedOf(i) });
    }
  }
  return { detector: "over_power", flags, parameters: { limit_kw: limit, limit_source: b.ratedPowerKw ? "rated_power_kw" : `p${p.overPower.quantile * 100} × ${p.overPower.margin}` } };
}

/**
 * Short spikes: a Hampel filter (Hampel 1974; Pearson 2002) on each bucket's peak power against
 * the median of its neighbours, scaled by their MAD, where the peak is also far above the
 * bucket's own average (a spike is short; a level change is not).
 */
export function detectSpikes(b: MachineBuckets, expectedOf: Expected, sensitivity = 1, p = RULE_DEFAULTS): DetectorResult {
  const t = { low: p.spike.low / sensitivity, medium: p.spike.medium / sensitivity, high: p.spike.high / sensitivity };
  const flags: Flag[] = [];
  const w = p.spike.halfWindow;
  for (let i = b.from; i < b.times.length; i++) {
    const x = b.maxPowerKw[i]!;
    if (!Number.isFinite(x) || !(x >= p.spike.minPeakToAverage * b.avgPowerKw[i]!)) continue;
    const around: number[] = [];
    for (let j = Math.max(0, i - w); j <= Math.min(b.times.length - 1, i + w); j++) if (j !== i && Number.isFinite(b.maxPowerKw[j]!)) around.push(b.maxPowerKw[j]!);
    if (around.length < w) continue;
    const m = median(around);
    const scale = Math.max(MAD_TO_SD * median(around.map((v) => Math.abs(v - m))), p.spike.scaleFloorKw, p.spike.scaleFloorShare * Math.abs(m));
    const z = (x - m) / scale;
    const severity = severityOf(z, t);
    if (severity) flags.push({ index: i, score: z, severity, excessKwh: excessOver(b, i, expectedOf(i)), expectedKwh: expectedOf(i) });
  }
  return { detector: "spike", flags, parameters: { ...t, half_window: w, min_peak_to_average: p.spike.minPeakToAverage } };
}

const runSeverity = (length: number, t: { medium: number; high: number }): Severity => (length >= t.high ? "high" : length >= t.medium ? "medium" : "low");

/**
 * Flat-lined or stuck meters: at least `minRun` consecutive covered buckets whose energy is the
 * same non-zero value (and whose power, where reported, did not move within them). A machine
 * that is off reads 0, which is not flagged. Score: the run's length in buckets.
 */
export function detectStuck(b: MachineBuckets, p = RULE_DEFAULTS): DetectorResult {
  const flags: Flag[] = [];
  const same = (i: number) =>
    i > 0 &&
    b.coverage[i]! > 0 &&
    b.coverage[i - 1]! > 0 &&
    b.energy[i]! !== 0 &&
    Math.abs(b.energy[i]! - b.energy[i - 1]!) <= 1e-9 * Math.max(1, Math.abs(b.energy[i]!)) &&
    !(b.maxPowerKw[i]! > b.minPowerKw[i]!);
  let i = 0;
  while (i < b.times.length) {
    let j = i + 1;
    while (j < b.times.length && same(j)) j++;
    const length = j - i;
    if (length >= p.stuck.minRun && b.energy[i]! !== 0) {
      const severity = runSeverity(length, p.stuck);
      for (let k = Math.max(i, b.from); k < j; k++) flags.push({ index: k, score: length, severity, excessKwh: 0, expectedKwh: Number.NaN });
    }
    i = j;
  }
  return { detector: "stuck_meter", flags, parameters: { min_run: p.stuck.minRun } };
}

/**
 * Gaps in the data: buckets covered less than minCoverage between the first and the last covered
 * bucket of the analysis window (a meter silent up to now is raiseSilentMeters' to report). A
 * bucket with low coverage is a gap, never a low-energy anomaly. Score: the missing share.
 */
export function detectGaps(b: MachineBuckets, p = RULE_DEFAULTS): DetectorResult {
  const flags: Flag[] = [];
  let first = -1;
  let last = -1;
  for (let i = 0; i < b.times.length; i++) if (b.coverage[i]! >= p.minCoverage) [first, last] = [first < 0 ? i : first, i];
  let i = Math.max(first, b.from);
  while (first >= 0 && i < last) {
    if (b.coverage[i]! >= p.minCoverage) {
      i++;
      continue;
    }
    let j = i;
    while (j < last && b.coverage[j]! < p.minCoverage) j++;
    const severity = runSeverity(j - i, p.gap);
    for (let k = i; k < j; k++) flags.push({ index: k, score: 1 - Math.max(0, b.coverage[k]!), severity, excessKwh: 0, expectedKwh: Number.NaN });
    i = j;
  }
  return { detector: "data_gap", flags, parameters: { min_coverage: p.minCoverage } };
}
