/**
 * OLS with one absorbed categorical fixed effect, y_i = α_{g(i)} + x_iᵀβ + ε_i,
 * by Frisch–Waugh–Lovell: demean y and every regressor within groups, solve the
 * demeaned least-squares problem with the regression engine's pivoted QR and
 * extended-precision refinement, then α_g = ȳ_g − x̄_gᵀβ. Exact, and O(n·k²)
 * instead of a QR over k + G columns. Standard errors use df n − p, p = k + G.
 */
import { Dot2 } from "../regression/compensated";
import { assertConditioning, checkRank, conditioning, DEFAULT_MAX_CONDITION } from "../regression/conditioning";
import { tCritical, tTwoSidedP } from "../regression/distributions";
import { RegressionError } from "../regression/errors";
import { covariance, factorDesign, solveRefined } from "../regression/least-squares";
import { fitMetrics, varianceInflation } from "../regression/statistics";
import type { FixedEffectsFit, FixedEffectsInput, FixedEffectsMatrix, FixedEffectsOptions, FixedEffectsPrediction, FixedEffectsState } from "./types";

/**
 * (X̃ᵀX̃)⁻¹ from R has relative error ~κ·ε. Refining it in extended precision costs
 * ~12·n·k² Dot2 operations (~5 ms at 8,760 × 2), so it is done only when κ makes
 * it worthwhile and the design is small enough (as fitOls).
 */
const COVARIANCE_REFINE_MIN_CONDITION = 1e4;
const COVARIANCE_REFINE_MAX_WORK = 5e6;

/** Rows → column-major, then fitFixedEffectsMatrix. */
export function fitFixedEffects(input: FixedEffectsInput, options: FixedEffectsOptions = {}): FixedEffectsFit {
  const { y, X, names, groups } = input ?? ({} as FixedEffectsInput);
  if (![y, X, names, groups].every(Array.isArray)) throw new RegressionError("invalid_input", "y, X, names and groups must be arrays.");
  const n = y.length;
  const k = names.length;
  if (X.length !== n) throw new RegressionError("invalid_input", `y has ${n} values but X has ${X.length} rows.`);
  const a = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== k) throw new RegressionError("invalid_input", `Row ${i} of X must have ${k} values (one per regressor).`);
    for (let j = 0; j < k; j++) a[j * n + i] = typeof row[j] === "number" ? row[j]! : Number.NaN;
  }
  return fitFixedEffectsMatrix({ y: Float64Array.from(y, (v) => (typeof v === "number" ? v : Number.NaN)), a, names, groups }, options);
}

/** Design given column-major (a[j·n + i] = x_ij); shared with fitTowt to skip the number[][] round trip. */
export function fitFixedEffectsMatrix(input: FixedEffectsMatrix, options: FixedEffectsOptions = {}): FixedEffectsFit {
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  const { y, a, names, gi, labels, n, k } = validate(input);
  const G = labels.length;
  const p = k + G;
  if (n - p < 1) throw new RegressionError("too_few_samples", `Need more observations than fitted parameters: n = ${n}, p = ${p} (${k} regressor(s) + ${G} group effects).`, [...names]);
  const counts = new Float64Array(G);
  for (let i = 0; i < n; i++) counts[gi[i]!]! += 1;
  const constant = names.filter((_, j) => constantWithinGroups(a.subarray(j * n, (j + 1) * n), gi, G));
  if (constant.length > 0) throw new RegressionError("rank_deficient", `Regressor(s) ${constant.map((s) => `"${s}"`).join(", ")} are constant within every group: absorbed by the group effects.`, constant);
  const yMean = groupMeans(y, gi, counts);
  const yt = new Float64Array(n);
  for (let i = 0; i < n; i++) yt[i] = y[i]! - yMean[gi[i]!]!;
  const xMeans: Float64Array[] = [];
  const at = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const col = a.subarray(j * n, (j + 1) * n);
    const m = groupMeans(col, gi, counts);
    xMeans.push(m);
    for (let i = 0; i < n; i++) at[j * n + i] = col[i]! - m[gi[i]!]!;
  }

  let beta: Float64Array = new Float64Array(0);
  let residuals: Float64Array = yt;
  let conditionNumber = 1;
  let w: Float64Array = new Float64Array(0);
  let cov: Float64Array = new Float64Array(0);
  if (k > 0) {
    const factor = factorDesign({ a: at, m: n, p: k });
    checkRank(factor, names, names);
    const cond = conditioning(factor, names, names);
    assertConditioning(cond, options.maxConditionNumber ?? DEFAULT_MAX_CONDITION);
    conditionNumber = cond.conditionNumber;
    // One refinement pass settles well-conditioned problems (correction ~κε); otherwise refine fully.
    let sol = solveRefined(factor, yt, 2);
    if (!sol.converged) sol = solveRefined(factor, yt);
    if (!sol.converged) {
      throw new RegressionError("ill_conditioned", `Iterative refinement did not converge (condition number ${conditionNumber.toExponential(2)}); nearly collinear regressors: ${cond.nearlyDependent.join(", ")}.`, cond.nearlyDependent);
    }
    beta = sol.coefficients;
    residuals = sol.residuals;
    const c = covariance(factor, conditionNumber > COVARIANCE_REFINE_MIN_CONDITION && n * k * k <= COVARIANCE_REFINE_MAX_WORK);
    w = c.factor;
    cov = c.matrix;
  }
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = y[i]! - residuals[i]!;
  const stats = fitMetrics({ y, fitted, residuals, hasIntercept: true, p, conditionNumber });
  const df = n - p;
  const s = stats.residualSd;
  const tcrit = tCritical(confidence, df);
  const coefficients = Array.from(beta);
  const se = coefficients.map((_, j) => s * Math.sqrt(Math.max(0, cov[j * k + j]!)));
  const tValues = coefficients.map((b, j) => (se[j]! > 0 ? b / se[j]! : b === 0 ? Number.NaN : b * Infinity));

  const acc = new Dot2();
  const groupMeansRows = labels.map((_, g) => xMeans.map((m) => m[g]!));
  const effects = labels.map((_, g) => {
    acc.reset(yMean[g]);
    for (let j = 0; j < k; j++) acc.addProduct(-groupMeansRows[g]![j]!, coefficients[j]!);
    return acc.value();
  });
  const wRows = toRows(w, k);
  const state: FixedEffectsState = {
    version: 1, kind: "fixed_effects", names: [...names], coefficients, groups: labels, groupEffects: effects, groupCounts: Array.from(counts),
    groupMeans: groupMeansRows, n, p, residualVariance: stats.sse / df, xtxInverseFactor: wRows, xtxInverse: toRows(cov, k),
  };
  return {
    names: [...names],
    coefficients,
    stdErrors: se,
    tValues,
    pValues: tValues.map((t) => tTwoSidedP(t, df)),
    confidenceIntervals: coefficients.map((b, j): [number, number] => [b - tcrit * se[j]!, b + tcrit * se[j]!]),
    confidence,
    vif: k === 0 ? [] : varianceInflation(at, n, k, 0, false, (j) => cov[j * k + j]!),
    groupEffects: labels.map((group, g) => ({ group, effect: effects[g]!, count: counts[g]!, stdError: s * Math.sqrt(1 / counts[g]! + quadForm(wRows, groupMeansRows[g]!, k)) })),
    n, p, stats, residuals: Array.from(residuals), fitted: Array.from(fitted), state,
  };
}

/** ŷ0 = α_g + x0ᵀβ with intervals; Var(new obs) = s²(1 + 1/n_g + (x0 − x̄_g)ᵀ(X̃ᵀX̃)⁻¹(x0 − x̄_g)). */
export function predictFixedEffects(state: FixedEffectsState, X0: number[][], groups0: number[], confidence = 0.95): FixedEffectsPrediction[] {
  assertState(state);
  checkConfidence(confidence);
  if (!Array.isArray(X0) || !Array.isArray(groups0) || X0.length !== groups0.length) throw new RegressionError("invalid_input", "X0 and groups0 must be arrays of equal length.");
  const k = state.names.length;
  const index = new Map(state.groups.map((g, i) => [g, i]));
  const s = Math.sqrt(state.residualVariance);
  const tcrit = tCritical(confidence, state.n - state.p);
  const d = new Float64Array(k);
  const acc = new Dot2();
  return X0.map((row, r) => {
    const g = index.get(groups0[r]!);
    if (g === undefined) throw new RegressionError("invalid_input", `Prediction row ${r}: group ${String(groups0[r])} was not seen in training, so its effect is unknown.`);
    if (!Array.isArray(row) || row.length !== k) throw new RegressionError("invalid_input", `Prediction row ${r} must have ${k} values.`);
    const bad = state.names.filter((_, j) => !Number.isFinite(row[j]));
    if (bad.length > 0) throw new RegressionError("invalid_input", `Prediction row ${r} has non-finite values for ${bad.join(", ")}.`, bad);
    acc.reset(state.groupEffects[g]);
    for (let j = 0; j < k; j++) {
      acc.addProduct(state.coefficients[j]!, row[j]!);
      d[j] = row[j]! - state.groupMeans[g]![j]!;
    }
    const value = acc.value();
    const q = 1 / state.groupCounts[g]! + quadForm(state.xtxInverseFactor, d, k);
    const seMean = s * Math.sqrt(q);
    const sePrediction = s * Math.sqrt(1 + q);
    const [lower, upper, meanLower, meanUpper] = [value - tcrit * sePrediction, value + tcrit * sePrediction, value - tcrit * seMean, value + tcrit * seMean];
    return { value, lower, upper, meanLower, meanUpper, seMean, sePrediction };
  });
}

/** ‖W v‖² = vᵀ(X̃ᵀX̃)⁻¹v: cannot go negative, no cancellation. */
function quadForm(w: number[][], v: ArrayLike<number>, k: number): number {
  let q = 0;
  for (let i = 0; i < k; i++) {
    const wi = w[i]!;
    let t = 0;
    for (let j = 0; j < k; j++) t += wi[j]! * v[j]!;
    q += t * t;
  }
  return q;
}

/** Group means with one correction pass (mean += Σ(v − mean)/n_g) against rounding of the sum. */
function groupMeans(v: Float64Array, gi: Int32Array, counts: Float64Array): Float64Array {
  const G = counts.length;
  const sum = new Float64Array(G);
  for (let i = 0; i < v.length; i++) sum[gi[i]!]! += v[i]!;
  const mean = sum.map((s, g) => s / counts[g]!);
  const corr = new Float64Array(G);
  for (let i = 0; i < v.length; i++) corr[gi[i]!]! += v[i]! - mean[gi[i]!]!;
  return mean.map((m, g) => m + corr[g]! / counts[g]!);
}

function constantWithinGroups(col: Float64Array, gi: Int32Array, G: number): boolean {
  const first = new Float64Array(G).fill(Number.NaN);
  for (let i = 0; i < col.length; i++) {
    const g = gi[i]!;
    if (Number.isNaN(first[g]!)) first[g] = col[i]!;
    else if (first[g] !== col[i]) return false;
  }
  return true;
}

function validate({ y, a, names, groups }: FixedEffectsMatrix) {
  const n = y.length;
  const k = names.length;
  if (groups.length !== n || a.length !== n * k) throw new RegressionError("invalid_input", `y has ${n} values but groups has ${groups.length} and the design ${a.length / Math.max(k, 1)} rows.`);
  if (n === 0) throw new RegressionError("too_few_samples", "No observations.", [...names]);
  if (new Set(names).size !== k) throw new RegressionError("invalid_input", "Regressor names must be unique.", [...names]);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new RegressionError("invalid_input", `y[${i}] is not a finite number (${String(y[i])}).`);
    if (!Number.isInteger(groups[i])) throw new RegressionError("invalid_input", `groups[${i}] is not an integer (${String(groups[i])}).`);
  }
  const bad = names.filter((_, j) => {
    for (let i = j * n; i < (j + 1) * n; i++) if (!Number.isFinite(a[i]!)) return true;
    return false;
  });
  if (bad.length > 0) throw new RegressionError("invalid_input", `Regressor(s) ${bad.join(", ")} contain NaN, Infinity or non-numeric values.`, bad);
  const labels = [...new Set(Array.from(groups))].sort((u, v) => u - v);
  const index = new Map(labels.map((g, i) => [g, i]));
  const gi = Int32Array.from(groups, (g) => index.get(g)!);
  return { y, a, names, gi, labels, n, k };
}

function checkConfidence(c: number): void {
  if (!(c > 0 && c < 1)) throw new RegressionError("invalid_input", `confidence must be in (0, 1), got ${c}.`);
}

function toRows(m: Float64Array, k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from(m.subarray(i * k, (i + 1) * k)));
}

function assertState(st: FixedEffectsState): void {
  const k = st?.names?.length ?? -1;
  const G = st?.groups?.length ?? -1;
  const ok =
    st?.version === 1 && st.kind === "fixed_effects" && st.coefficients?.length === k && st.groupEffects?.length === G &&
    st.groupCounts?.length === G && st.groupMeans?.length === G && st.p === k + G && st.n > st.p &&
    Number.isFinite(st.residualVariance) && st.xtxInverseFactor?.length === k && st.xtxInverseFactor.every((r) => r.length === k);
  if (!ok) throw new RegressionError("invalid_input", "Not a valid fixed-effects model state (version 1).");
}
