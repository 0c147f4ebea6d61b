/**
 * Validation and one-off preparation for the balance-point search: points are
 * sorted by temperature and prefix sums are taken, so that every cross-product
 * of the degree-day design at any balance point costs O(log n) (a binary search)
 * instead of O(n). That is what makes an exhaustive grid over 5P pairs cheap even
 * for 8760 hourly points.
 */
import { RegressionError } from "../regression";
import type { ChangePointInput, ChangePointOptions } from "./types";

/** CalTRACK searches balance points between 30 °F and 90 °F. */
export const DEFAULT_MIN_C = -1.1;
export const DEFAULT_MAX_C = 32.2;

export interface Prepared {
  n: number;
  /** Number of extra drivers. */
  k: number;
  /** Temperatures are centred on this (reduces cancellation in the sums). */
  tMean: number;
  /** Centred temperatures, ascending. */
  t: Float64Array;
  /** Prefix sums over the sorted order, length n + 1: Σt, Σt², Σy, Σty, Σx_j, Σt·x_j. */
  pT: Float64Array;
  pT2: Float64Array;
  pY: Float64Array;
  pTY: Float64Array;
  pX: Float64Array[];
  pTX: Float64Array[];
  /** Totals of the centred data: Σxⱼxₗ (k×k), Σxⱼy (k), Σy². */
  sxx: number[][];
  sxy: number[];
  syy: number;
  /** Minimum number of points required on each active side of a balance point. */
  minSide: number;
  /** Search bounds (absolute °C). */
  minC: number;
  maxC: number;
}

export function prepare(input: ChangePointInput, options: ChangePointOptions = {}): Prepared {
  const { y, temperature } = input;
  if (!Array.isArray(y) || !Array.isArray(temperature)) throw new RegressionError("invalid_input", "y and temperature must be arrays.");
  const n = y.length;
  if (temperature.length !== n) {
    throw new RegressionError("invalid_input", `temperature has ${temperature.length} values but y has ${n}.`);
  }
  if (n < 10) throw new RegressionError("too_few_samples", `A change-point model needs at least 10 observations, got ${n}.`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new RegressionError("invalid_input", `y[${i}] is not a finite number (${String(y[i])}).`);
    if (!Number.isFinite(temperature[i])) {
      throw new RegressionError("invalid_input", `temperature[${i}] is not a finite number (${String(temperature[i])}).`);
    }
  }
  const extra = validateExtra(input.extra, n);
  const k = extra.names.length;

  const minSideFraction = options.minSideFraction ?? 0.1;
  if (!(minSideFraction > 0 && minSideFraction < 0.5)) {
    throw new RegressionError("invalid_input", `minSideFraction must be in (0, 0.5), got ${minSideFraction}.`);
  }
  const minC = options.minC ?? DEFAULT_MIN_C;
  const maxC = options.maxC ?? DEFAULT_MAX_C;
  if (!(Number.isFinite(minC) && Number.isFinite(maxC) && minC < maxC)) {
    throw new RegressionError("invalid_input", `Need finite minC < maxC, got ${minC} and ${maxC}.`);
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => temperature[a]! - temperature[b]! || a - b);
  const tMean = mean(temperature);
  const yMean = mean(y);
  const xMean = extra.names.map((_, j) => mean(extra.X.map((r) => r[j]!)));
  const minSide = Math.ceil(minSideFraction * n);

  // Too narrow a temperature range cannot separate a slope from the base load:
  // refuse it with a message rather than return an arbitrary balance point.
  const spread = temperature[order[n - minSide]!]! - temperature[order[minSide - 1]!]!;
  const minSpread = options.minSpreadC ?? 3;
  if (spread < minSpread) {
    throw new RegressionError(
      "invalid_input",
      `Temperature range too narrow for a change-point model: the middle ${Math.round(100 * (1 - 2 * minSideFraction))}% of the data spans ` +
        `${spread.toFixed(1)} °C (minimum ${minSpread} °C). Use a longer period covering more weather, or a constant/linear model.`,
    );
  }

  const t = new Float64Array(n);
  const pT = new Float64Array(n + 1);
  const pT2 = new Float64Array(n + 1);
  const pY = new Float64Array(n + 1);
  const pTY = new Float64Array(n + 1);
  const pX = extra.names.map(() => new Float64Array(n + 1));
  const pTX = extra.names.map(() => new Float64Array(n + 1));
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const ti = temperature[i]! - tMean;
    const yi = y[i]! - yMean;
    t[r] = ti;
    pT[r + 1] = pT[r]! + ti;
    pT2[r + 1] = pT2[r]! + ti * ti;
    pY[r + 1] = pY[r]! + yi;
    pTY[r + 1] = pTY[r]! + ti * yi;
    for (let j = 0; j < k; j++) {
      const xj = extra.X[i]![j]! - xMean[j]!;
      pX[j]![r + 1] = pX[j]![r]! + xj;
      pTX[j]![r + 1] = pTX[j]![r]! + ti * xj;
    }
  }
  const sxx = extra.names.map(() => new Array<number>(k).fill(0));
  const sxy = new Array<number>(k).fill(0);
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]! - yMean;
    syy += yi * yi;
    for (let j = 0; j < k; j++) {
      const xj = extra.X[i]![j]! - xMean[j]!;
      sxy[j]! += xj * yi;
      for (let l = 0; l <= j; l++) sxx[j]![l]! += xj * (extra.X[i]![l]! - xMean[l]!);
    }
  }
  for (let j = 0; j < k; j++) for (let l = 0; l < j; l++) sxx[l]![j] = sxx[j]![l]!;
  return { n, k, tMean, t, pT, pT2, pY, pTY, pX, pTX, sxx, sxy, syy, minSide, minC, maxC };
}

function validateExtra(extra: ChangePointInput["extra"], n: number): { names: string[]; X: number[][] } {
  if (extra === undefined) return { names: [], X: [] };
  const { names, X } = extra;
  if (!Array.isArray(names) || !Array.isArray(X)) throw new RegressionError("invalid_input", "extra.names and extra.X must be arrays.");
  if (X.length !== n) throw new RegressionError("invalid_input", `extra.X has ${X.length} rows but y has ${n} values.`);
  const reserved = names.filter((nm) => nm === "hdd" || nm === "cdd");
  if (reserved.length > 0) throw new RegressionError("invalid_input", `Extra driver names "hdd" and "cdd" are reserved for the temperature terms.`, reserved);
  if (new Set(names).size !== names.length) throw new RegressionError("invalid_input", "Extra driver names must be unique.", [...names]);
  X.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== names.length) {
      throw new RegressionError("invalid_input", `Row ${i} of extra.X must have ${names.length} values.`);
    }
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RegressionError("invalid_input", `extra driver ${names[j]} has a non-finite value at row ${i}.`, [names[j]!]);
      }
    });
  });
  return { names, X };
}

function mean(v: number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Number of sorted (centred) temperatures strictly below b. */
export function countBelow(p: Prepared, b: number): number {
  let lo = 0;
  let hi = p.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.t[mid]! < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted (centred) temperatures less than or equal to b. */
export function countAtMost(p: Prepared, b: number): number {
  let lo = 0;
  let hi = p.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.t[mid]! <= b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
