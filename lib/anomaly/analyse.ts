import { detectCusum, detectResiduals, residualScores, RESIDUAL_DEFAULTS } from "./detectors/residual";
import { detectProfile, hourOfWeekProfile, PROFILE_DEFAULTS } from "./detectors/profile";
import { detectGaps, detectIdleLeak, detectOverPower, detectSpikes, detectStuck } from "./detectors/rules";
import { detectIsolation } from "./detectors/isolation-forest";
import { severityRank, type DetectorName, type DetectorResult, type Flag, type MachineBuckets, type Severity } from "./types";

// From a machine's buckets to candidate events: the chosen detectors flag buckets, flagged buckets
// of one detector separated by at most MAX_GAP_BUCKETS unflagged ones merge into one event, and
// each event carries its excess energy, its cost and the evidence a plant manager checks.

/** Flagged buckets this many unflagged buckets apart or closer belong to one event. */
export const MAX_GAP_BUCKETS = 2;

/**
 * The default combination, chosen on the evaluation against the demo plant's labelled faults
 * (bench/anomaly-eval.ts, README "## Anomalies"): baseline residuals where a passing baseline
 * exists (else the hour-of-week profile), CUSUM, idle leaks, power above rated, stuck meters
 * and gaps. Spikes and the isolation forest are available on request.
 */
export const DEFAULT_DETECTORS: DetectorName[] = ["baseline_residual", "cusum", "profile", "idle_leak", "over_power", "stuck_meter", "data_gap"];

export interface CandidateBucket {
  /** Bucket start, epoch ms. */
  t: number;
  excessKwh: number;
  excessCost: number | null;
  /** The bucket's energy (kWh; 0 where it has none), for the evidence of an extended event. */
  actualKwh?: number;
  /** The bucket's expected energy (kWh; NaN where none is known). */
  expectedKwh?: number;
}

export interface Candidate {
  detector: DetectorName;
  start: number;
  end: number;
  severity: Severity;
  peakScore: number;
  excessKwh: number;
  excessCost: number | null;
  evidence: Record<string, unknown>;
  buckets: CandidateBucket[];
}

export interface AnalyseOptions {
  detectors: readonly DetectorName[];
  sensitivity: number;
  /** Seeds the isolation forest (the machine id). */
  key: string;
  /** Energy price of each local hour of the week (currency per kWh), or null without a tariff. */
  prices: number[] | null;
  /** Whether `expected` holds a passing baseline's prediction. */
  hasBaseline: boolean;
}

/** Expected energy per bucket: the baseline's, else the hour-of-week profile's. */
export function expectedSeries(b: MachineBuckets, hasBaseline: boolean): { expected: Float64Array; spread: Float64Array; source: "baseline" | "profile" } {
  if (hasBaseline) {
    const { scale } = residualScores(b);
    return { expected: b.expected, spread: new Float64Array(b.times.length).fill(scale), source: "baseline" };
  }
  return { ...hourOfWeekProfile(b), source: "profile" };
}

/** Runs the chosen detectors that apply: residuals and CUSUM need a baseline; the profile runs where there is none (or when asked for without residuals). */
export function runDetectors(b: MachineBuckets, o: AnalyseOptions): DetectorResult[] {
  const want = new Set(o.detectors);
  const results: DetectorResult[] = [];
  const fallback = o.hasBaseline ? b.expected : hourOfWeekProfile(b).expected;
  const expectedOf = (i: number) => fallback[i]!;
  if (o.hasBaseline && want.has("baseline_residual")) results.push(detectResiduals(b, o.sensitivity));
  if (o.hasBaseline && want.has("cusum")) results.push(detectCusum(b, o.sensitivity));
  // The profile stands in for a baseline; asked for alone (the evaluation), it runs on every machine.
  if (want.has("profile") && (!o.hasBaseline || !want.has("baseline_residual"))) results.push(detectProfile(b, o.sensitivity));
  if (want.has("idle_leak")) results.push(detectIdleLeak(b, o.sensitivity));
  if (want.has("over_power")) results.push(detectOverPower(b, expectedOf));
  if (want.has("spike")) results.push(detectSpikes(b, expectedOf, o.sensitivity));
  if (want.has("stuck_meter")) results.push(detectStuck(b));
  if (want.has("data_gap")) results.push(detectGaps(b));
  if (want.has("isolation_forest")) results.push(detectIsolation(b, o.key, expectedOf, o.sensitivity));
  return results;
}

/** Groups of flags (sorted by bucket) no more than maxGap unflagged buckets apart. */
export function mergeFlags(flags: Flag[], maxGap = MAX_GAP_BUCKETS): Flag[][] {
  const sorted = [...flags].sort((x, y) => x.index - y.index);
  const groups: Flag[][] = [];
  for (const f of sorted) {
    const last = groups.at(-1);
    if (last && f.index - last.at(-1)!.index <= maxGap + 1) last.push(f);
    else groups.push([f]);
  }
  return groups;
}

const round = (v: number, d = 4) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

function candidateOf(b: MachineBuckets, result: DetectorResult, group: Flag[], o: AnalyseOptions): Candidate {
  const peak = group.reduce((p, f) => (f.score > p.score ? f : p));
  const severity = group.reduce<Severity>((s, f) => (severityRank[f.severity] > severityRank[s] ? f.severity : s), "low");
  const buckets = group.map((f) => ({
    t: b.times[f.index]!,
    excessKwh: f.excessKwh,
    excessCost: o.prices ? f.excessKwh * o.prices[b.hourOfWeek[f.index]!]! : null,
    actualKwh: Number.isFinite(b.energy[f.index]!) ? b.energy[f.index]! : 0,
    expectedKwh: f.expectedKwh,
  }));
  const i = peak.index;
  const actual = group.reduce((s, f) => s + (Number.isFinite(b.energy[f.index]!) ? b.energy[f.index]! : 0), 0);
  // Null unless every flagged bucket has an expected value: a sum over some of them (or over none,
  // 0) set beside the actual energy of all of them reads as "25 kWh against 0 kWh expected".
  const expected = group.every((f) => Number.isFinite(f.expectedKwh)) ? group.reduce((s, f) => s + f.expectedKwh, 0) : Number.NaN;
  return {
    detector: result.detector,
    start: b.times[group[0]!.index]!,
    end: b.times[group.at(-1)!.index]! + b.stepMs,
    severity,
    peakScore: peak.score,
    excessKwh: buckets.reduce((s, x) => s + x.excessKwh, 0),
    excessCost: o.prices ? buckets.reduce((s, x) => s + x.excessCost!, 0) : null,
    buckets,
    evidence: {
      flagged_buckets: group.length,
      actual_kwh: round(actual),
      expected_kwh: round(expected),
      expected_source: o.hasBaseline ? "baseline" : "profile",
      peak: {
        time: new Date(b.times[i]!).toISOString(),
        score: round(peak.score),
        actual_kwh: round(b.energy[i]!),
        expected_kwh: round(peak.expectedKwh),
        coverage: round(b.coverage[i]!),
        max_power_kw: round(b.maxPowerKw[i]!),
        avg_power_kw: round(b.avgPowerKw[i]!),
        production_count: round(b.production[i]!),
        running_minutes: round(b.runningMinutes[i]!),
        drivers: Object.fromEntries(Object.entries(b.drivers).map(([d, v]) => [d, round(v[i]!)])),
      },
      parameters: result.parameters,
    },
  };
}

/** Candidate events of one machine: each detector's flags merged, with excess, cost and evidence. */
export function analyse(b: MachineBuckets, o: AnalyseOptions): Candidate[] {
  return runDetectors(b, o).flatMap((r) => mergeFlags(r.flags).map((g) => candidateOf(b, r, g, o)));
}

export { RESIDUAL_DEFAULTS, PROFILE_DEFAULTS };
