/**
 * Time-of-week-and-temperature (TOWT) baseline for hourly data, as in CalTRACK
 * 2.0 §3 (hourly methods) and Mathieu et al. (2011, LBNL):
 *
 *   y = α_{how} + Σ_j β^occ_j·T_j·occ(how) + Σ_j β^unocc_j·T_j·(1 − occ(how)) + extrasᵀγ + ε
 *
 * α_{how}: one effect per hour of week (absorbed fixed effect, see fixed-effects.ts);
 * T_j: piecewise-linear temperature segments, T_1 = min(T, B_1),
 * T_j = clamp(T − B_{j−1}, 0, B_j − B_{j−1}), T_{m+1} = max(0, T − B_m), so ΣT_j = T and
 * β_j is the slope in segment j.
 *
 * Occupancy (CalTRACK): regress y on 1 + HDD(50 °F) + CDD(65 °F) (no time of week:
 * with hour-of-week effects the residuals of every hour would average zero and the
 * occupied hours could not stand out); an hour of week is occupied when at least
 * 65 % of its residuals are positive.
 *
 * Sparse segments: within each occupancy class a segment needs
 * max(minSegmentHours = 20, minSegmentShare = 1 % of the class's rows); the sparsest
 * short segment is merged into its neighbour (the first/last into the only one,
 * an inner one into the smaller neighbour) by dropping the knot between them,
 * until all pass. Knots are therefore chosen per class, so no column is constant.
 */
import { RegressionError } from "../regression/errors";
import { fitFixedEffectsMatrix, predictFixedEffects } from "./fixed-effects";
import type { FixedEffectsPrediction, TowtFit, TowtInput, TowtKnots, TowtOptions, TowtRow, TowtState } from "./types";

export const HOURS_PER_WEEK = 168;
const fToC = (f: number): number => ((f - 32) * 5) / 9;
/** CalTRACK hourly bin endpoints 30, 45, 55, 65, 75, 90 °F in °C (−1.11, 7.22, 12.78, 18.33, 23.89, 32.22). */
export const CALTRACK_KNOTS_C: readonly number[] = [30, 45, 55, 65, 75, 90].map(fToC);
const OCCUPANCY_HDD_BASE_C = fToC(50);
const OCCUPANCY_CDD_BASE_C = fToC(65);

export function fitTowt(input: TowtInput, options: TowtOptions = {}): TowtFit {
  const { y, temperature: T, hourOfWeek: how } = input;
  const n = Array.isArray(y) ? y.length : 0;
  if (!Array.isArray(T) || !Array.isArray(how) || T.length !== n || how.length !== n) {
    throw new RegressionError("invalid_input", "y, temperature and hourOfWeek must be arrays of equal length.");
  }
  for (let i = 0; i < n; i++) {
    checkTemperature(T[i]!, `temperature[${i}]`);
    checkHour(how[i]!, `hourOfWeek[${i}]`);
  }
  const extra = input.extra ?? { names: [], X: T.map((): number[] => []) };
  if (extra.X.length !== n) throw new RegressionError("invalid_input", `extra.X has ${extra.X.length} rows, expected ${n}.`, [...extra.names]);
  const yv = Float64Array.from(y, (v) => (typeof v === "number" ? v : Number.NaN));

  const { occupancy, positiveShare } = detectOccupancy(yv, T, how, options.occupancyThreshold ?? 0.65);
  const base = [...(options.knotsC ?? CALTRACK_KNOTS_C)].sort((a, b) => a - b);
  if (!base.every(Number.isFinite) || new Set(base).size !== base.length) throw new RegressionError("invalid_input", "knotsC must be distinct finite numbers.");
  const occ = Uint8Array.from(how, (h) => (occupancy[h] ? 1 : 0));
  const classKnots = (cls: number): number[] | null => {
    const temps: number[] = [];
    for (let i = 0; i < n; i++) if (occ[i] === cls) temps.push(T[i]!);
    const minCount = Math.max(options.minSegmentHours ?? 20, (options.minSegmentShare ?? 0.01) * temps.length);
    return temps.length === 0 ? null : mergeSparseSegments(temps, base, minCount);
  };
  const knots: TowtKnots = { occupied: classKnots(1), unoccupied: classKnots(0) };
  const featureNames = [...segmentNames("temp_occ", knots.occupied), ...segmentNames("temp_unocc", knots.unoccupied), ...extra.names];
  const a = buildDesign(T, occ, knots, extra.X, extra.names);
  const fit = fitFixedEffectsMatrix({ y: yv, a, names: featureNames, groups: how }, { confidence: options.confidence, maxConditionNumber: options.maxConditionNumber });
  const state: TowtState = { version: 1, kind: "towt", knots, occupancy, extraNames: [...extra.names], model: fit.state };
  return { fit, featureNames, knots, occupancy, positiveShare, state };
}

/** Predictions with intervals (value, prediction and mean-response bounds) from a live or re-imported state. */
export function predictTowt(state: TowtState, rows: TowtRow[], confidence = 0.95): FixedEffectsPrediction[] {
  if (state?.version !== 1 || state.kind !== "towt" || state.occupancy?.length !== HOURS_PER_WEEK || !Array.isArray(state.extraNames)) {
    throw new RegressionError("invalid_input", "Not a valid TOWT model state (version 1).");
  }
  const seen = new Set(state.model.groups);
  rows.forEach((r, i) => {
    checkTemperature(r.temperature, `rows[${i}].temperature`);
    checkHour(r.hourOfWeek, `rows[${i}].hourOfWeek`);
    if (!seen.has(r.hourOfWeek)) throw new RegressionError("invalid_input", `rows[${i}]: hour of week ${r.hourOfWeek} had no data in the baseline period, so its effect is unknown.`);
  });
  const m = rows.length;
  const occ = Uint8Array.from(rows, (r) => (state.occupancy[r.hourOfWeek] ? 1 : 0));
  const a = buildDesign(rows.map((r) => r.temperature), occ, state.knots, rows.map((r) => r.extras ?? []), state.extraNames);
  const k = a.length / Math.max(m, 1);
  const X0 = rows.map((_, i) => Array.from({ length: k }, (_, j) => a[j * m + i]!));
  return predictFixedEffects(state.model, X0, rows.map((r) => r.hourOfWeek), confidence);
}

/** CalTRACK occupancy: share of positive residuals of y ~ 1 + HDD50°F + CDD65°F per hour of week. */
function detectOccupancy(y: Float64Array, T: number[], how: number[], threshold: number): { occupancy: boolean[]; positiveShare: number[] } {
  const n = y.length;
  const cols = [Float64Array.from(T, (t) => Math.max(0, OCCUPANCY_HDD_BASE_C - t)), Float64Array.from(T, (t) => Math.max(0, t - OCCUPANCY_CDD_BASE_C))];
  const keep = [0, 1].filter((j) => cols[j]!.some((v) => v !== cols[j]![0]));
  const a = new Float64Array(n * keep.length);
  keep.forEach((j, c) => a.set(cols[j]!, c * n));
  const names = keep.map((j) => ["hdd50F", "cdd65F"][j]!);
  const { residuals } = fitFixedEffectsMatrix({ y, a, names, groups: new Int32Array(n) });
  const pos = new Float64Array(HOURS_PER_WEEK);
  const cnt = new Float64Array(HOURS_PER_WEEK);
  for (let i = 0; i < n; i++) {
    cnt[how[i]!]! += 1;
    if (residuals[i]! > 0) pos[how[i]!]! += 1;
  }
  const positiveShare = Array.from(cnt, (c, h) => (c > 0 ? pos[h]! / c : Number.NaN));
  return { occupancy: positiveShare.map((s) => s >= threshold), positiveShare };
}

/** Drop knots until every segment (B_{j−1}, B_j] holds at least minCount temperatures. */
export function mergeSparseSegments(temps: number[], knots: readonly number[], minCount: number): number[] {
  const b = [...knots];
  while (b.length > 0) {
    const counts = new Array<number>(b.length + 1).fill(0);
    for (const t of temps) {
      let j = 0;
      while (j < b.length && t > b[j]!) j++;
      counts[j]! += 1;
    }
    let j = 0;
    counts.forEach((c, i) => {
      if (c < counts[j]!) j = i;
    });
    if (counts[j]! >= minCount) break;
    if (j === 0) b.splice(0, 1);
    else if (j === b.length) b.splice(j - 1, 1);
    else b.splice(counts[j - 1]! <= counts[j + 1]! ? j - 1 : j, 1);
  }
  return b;
}

/** Segment values T_1 … T_{m+1} of t for knots B_1 < … < B_m (just [t] without knots). */
export function temperatureSegments(t: number, b: readonly number[]): number[] {
  const out = new Float64Array(b.length + 1);
  writeSegments(out, 1, 0, 0, t, b);
  return Array.from(out);
}

/** a[(offset + j)·n + i] = T_j(t). */
function writeSegments(a: Float64Array, n: number, i: number, offset: number, t: number, b: readonly number[]): void {
  const m = b.length;
  if (m === 0) {
    a[offset * n + i] = t;
    return;
  }
  a[offset * n + i] = Math.min(t, b[0]!);
  for (let j = 1; j < m; j++) a[(offset + j) * n + i] = Math.min(Math.max(t - b[j - 1]!, 0), b[j]! - b[j - 1]!);
  a[(offset + m) * n + i] = Math.max(t - b[m - 1]!, 0);
}

/** Column-major design: occupied segments (0 on unoccupied rows), unoccupied segments, extras. */
function buildDesign(T: number[], occ: Uint8Array, knots: TowtKnots, extraX: number[][], extraNames: string[]): Float64Array {
  const n = T.length;
  const mo = knots.occupied === null ? 0 : knots.occupied.length + 1;
  const mu = knots.unoccupied === null ? 0 : knots.unoccupied.length + 1;
  const kx = extraNames.length;
  const a = new Float64Array(n * (mo + mu + kx));
  for (let i = 0; i < n; i++) {
    const b = occ[i] ? knots.occupied : knots.unoccupied;
    if (b === null) throw new RegressionError("invalid_input", `Row ${i}: the model has no ${occ[i] ? "occupied" : "unoccupied"} temperature terms.`);
    writeSegments(a, n, i, occ[i] ? 0 : mo, T[i]!, b);
    const row = extraX[i];
    if (!Array.isArray(row) || row.length !== kx) throw new RegressionError("invalid_input", `Row ${i} must have ${kx} extra values (${extraNames.join(", ")}).`, [...extraNames]);
    for (let e = 0; e < kx; e++) a[(mo + mu + e) * n + i] = typeof row[e] === "number" ? row[e]! : Number.NaN;
  }
  return a;
}

function segmentNames(prefix: string, b: number[] | null): string[] {
  return b === null ? [] : Array.from({ length: b.length + 1 }, (_, j) => `${prefix}_seg${j + 1}`);
}

function checkTemperature(t: number, label: string): void {
  if (typeof t !== "number" || !Number.isFinite(t)) throw new RegressionError("invalid_input", `${label} is not a finite number (${String(t)}).`, ["temperature"]);
}

function checkHour(h: number, label: string): void {
  if (!Number.isInteger(h) || h < 0 || h >= HOURS_PER_WEEK) throw new RegressionError("invalid_input", `${label} must be an integer hour of week 0…167, got ${String(h)}.`);
}
