/**
 * Ordinary least squares for M&V baselines: pivoted Householder QR of the
 * column-scaled design + extended-precision iterative refinement (see
 * least-squares.ts). Never forms XᵀX. Coefficients are reported for the model
 * exactly as given (no centring or reparametrisation leaks into the output).
 */
import {
  assertConditioning,
  checkDegenerateColumns,
  checkRank,
  conditioning,
  DEFAULT_MAX_CONDITION,
  designLabels,
} from "./conditioning";
import { tCritical, tTwoSidedP } from "./distributions";
import { RegressionError } from "./errors";
import { covariance, factorDesign, solveRefined, type DesignMatrix } from "./least-squares";
import { fitMetrics, varianceInflation } from "./statistics";
import type { OlsFit, OlsOptions, OlsState } from "./types";

/**
 * (XᵀX)⁻¹ from the R factor has relative error ~κ·ε; refining it in extended
 * precision (cost ~12·n·p² Dot2 operations) buys the last digits of the
 * standard errors (Filip 7.4 → 8.7, Longley 12.3 → 14.9). Done when affordable.
 */
const COVARIANCE_REFINE_MAX_WORK = 5e6;
/**
 * Without refinement (AᵀA)⁻¹ has relative error ~κ·ε: below this condition number that is
 * under 1e-10, far beyond what a standard error needs, so large well-conditioned designs skip
 * the (costly, double-double) refinement. Small designs are always refined: it is cheap there.
 */
const COVARIANCE_REFINE_MIN_CONDITION = 1e5;
const COVARIANCE_ALWAYS_REFINE_WORK = 1e4;
/**
 * Below this condition number one refinement pass after the QR solve reaches the rounding
 * floor (each pass shrinks the error by ~κ·ε); the full loop is kept for harder designs.
 */
const QUICK_SOLVE_MAX_CONDITION = 1e5;

export function fitOls(X: number[][], y: number[], names: string[], options: OlsOptions = {}): OlsFit {
  const hasIntercept = options.intercept ?? true;
  const confidence = options.confidence ?? 0.95;
  const maxCondition = options.maxConditionNumber ?? DEFAULT_MAX_CONDITION;
  const design = buildDesign(X, y, names, hasIntercept, confidence);
  const { m: n, p } = design;
  const k = names.length;
  if (n - p < 1) {
    throw new RegressionError(
      "too_few_samples",
      `Need more observations than fitted parameters: n = ${n}, p = ${p} (${k} driver(s)${hasIntercept ? " + intercept" : ""}).`,
      [...names],
    );
  }

  const labels = designLabels(names, hasIntercept);
  checkDegenerateColumns(design, names, hasIntercept);
  const factor = factorDesign(design);
  checkRank(factor, labels, names);
  const cond = conditioning(factor, labels, names);
  assertConditioning(cond, maxCondition);

  const yv = Float64Array.from(y);
  const sol = solveRefined(factor, yv, cond.conditionNumber < QUICK_SOLVE_MAX_CONDITION ? 2 : 12);
  if (!sol.converged) {
    throw new RegressionError(
      "ill_conditioned",
      `Iterative refinement did not converge (last relative correction ${sol.lastCorrection.toExponential(2)}, condition number ${cond.conditionNumber.toExponential(2)}); ` +
        `nearly collinear drivers: ${cond.nearlyDependent.join(", ")}.`,
      cond.nearlyDependent,
    );
  }
  const work = n * p * p;
  const refine = work <= COVARIANCE_ALWAYS_REFINE_WORK || (work <= COVARIANCE_REFINE_MAX_WORK && cond.conditionNumber > COVARIANCE_REFINE_MIN_CONDITION);
  const cov = covariance(factor, refine);

  const stats = fitMetrics({
    y: yv,
    fitted: sol.fitted,
    residuals: sol.residuals,
    hasIntercept,
    p,
    conditionNumber: cond.conditionNumber,
  });
  const s = stats.residualSd;
  const df = n - p;
  const tcrit = tCritical(confidence, df);
  const params = Array.from(sol.coefficients);
  const se = params.map((_, j) => s * Math.sqrt(Math.max(0, cov.matrix[j * p + j]!)));
  const tv = params.map((b, j) => tValue(b, se[j]!));
  const pv = tv.map((t) => tTwoSidedP(t, df));
  const ci = params.map((b, j): [number, number] => [b - tcrit * se[j]!, b + tcrit * se[j]!]);

  const off = hasIntercept ? 1 : 0;
  const state: OlsState = {
    version: 1,
    names: [...names],
    hasIntercept,
    intercept: hasIntercept ? params[0]! : 0,
    coefficients: params.slice(off),
    n,
    p,
    residualVariance: stats.sse / df,
    xtxInverseFactor: toRows(cov.factor, p),
    xtxInverse: toRows(cov.matrix, p),
  };
  return {
    names: [...names],
    hasIntercept,
    intercept: state.intercept,
    coefficients: state.coefficients,
    stdErrors: { intercept: hasIntercept ? se[0]! : null, drivers: se.slice(off) },
    tValues: { intercept: hasIntercept ? tv[0]! : null, drivers: tv.slice(off) },
    pValues: { intercept: hasIntercept ? pv[0]! : null, drivers: pv.slice(off) },
    confidenceIntervals: { intercept: hasIntercept ? ci[0]! : null, drivers: ci.slice(off) },
    confidence,
    vif: varianceInflation(design.a, n, k, off, hasIntercept, (j) => cov.matrix[j * p + j]!),
    n,
    p,
    stats,
    residuals: Array.from(sol.residuals),
    fitted: Array.from(sol.fitted),
    state,
  };
}

function tValue(b: number, se: number): number {
  if (se > 0) return b / se;
  return b === 0 ? Number.NaN : b > 0 ? Infinity : -Infinity;
}

function toRows(a: Float64Array, p: number): number[][] {
  return Array.from({ length: p }, (_, i) => Array.from(a.subarray(i * p, (i + 1) * p)));
}

/** Validate inputs and lay out the design column-major, intercept column first. */
function buildDesign(X: number[][], y: number[], names: string[], hasIntercept: boolean, confidence: number): DesignMatrix {
  if (!Array.isArray(X) || !Array.isArray(y) || !Array.isArray(names)) {
    throw new RegressionError("invalid_input", "X, y and names must be arrays.");
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RegressionError("invalid_input", `confidence must be in (0, 1), got ${confidence}.`);
  }
  const n = y.length;
  const k = names.length;
  if (X.length !== n) throw new RegressionError("invalid_input", `X has ${X.length} rows but y has ${n} values.`);
  if (n === 0) throw new RegressionError("too_few_samples", "No observations.", [...names]);
  if (k === 0 && !hasIntercept) throw new RegressionError("invalid_input", "Nothing to fit: no drivers and no intercept.");
  if (new Set(names).size !== k) throw new RegressionError("invalid_input", "Driver names must be unique.", [...names]);
  const p = k + (hasIntercept ? 1 : 0);
  const off = hasIntercept ? 1 : 0;
  const a = new Float64Array(n * p);
  if (hasIntercept) a.fill(1, 0, n);
  const bad = new Set<string>();
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== k) {
      throw new RegressionError("invalid_input", `Row ${i} of X has ${Array.isArray(row) ? row.length : "no"} values; expected ${k} (one per driver).`);
    }
    if (!Number.isFinite(y[i])) throw new RegressionError("invalid_input", `y[${i}] is not a finite number (${String(y[i])}).`);
    for (let d = 0; d < k; d++) {
      const v = row[d];
      if (typeof v !== "number" || !Number.isFinite(v)) bad.add(names[d]!);
      else a[(d + off) * n + i] = v;
    }
  }
  if (bad.size > 0) {
    const list = names.filter((nm) => bad.has(nm));
    throw new RegressionError("invalid_input", `Driver(s) ${list.join(", ")} contain NaN, Infinity or non-numeric values.`, list);
  }
  return { a, m: n, p };
}
