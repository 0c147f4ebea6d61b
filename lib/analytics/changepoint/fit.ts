/**
 * Fit one change-point type: grid-search the balance point(s) with the fast
 * SSE, then a single fitOls at the chosen point(s) for coefficients, standard
 * errors and the ASHRAE Guideline 14 statistics. The standard errors treat the
 * balance points as known (the usual practice; they are conditional on the search).
 */
import { fitOls, RegressionError } from "../regression";
import { prepare, type Prepared } from "./prepare";
import { searchBalancePoints } from "./search";
import { CHANGE_POINT_TYPES, type ChangePointFit, type ChangePointInput, type ChangePointOptions, type ChangePointType } from "./types";

export function fitChangePoint(input: ChangePointInput, type: ChangePointType, options: ChangePointOptions = {}): ChangePointFit {
  return fitPrepared(input, prepare(input, options), type, options);
}

/** Shared by selectChangePoint so the sort and prefix sums are built once for all types. */
export function fitPrepared(input: ChangePointInput, prepared: Prepared, type: ChangePointType, options: ChangePointOptions): ChangePointFit {
  if (!CHANGE_POINT_TYPES.includes(type)) {
    throw new RegressionError("invalid_input", `Unknown change-point type "${String(type)}"; expected one of ${CHANGE_POINT_TYPES.join(", ")}.`);
  }
  const step = options.gridStepC ?? 0.5;
  const fine = options.refineStepC ?? Math.min(0.1, step);
  const { th, tc } = searchBalancePoints(prepared, type, step, fine);
  const extra = input.extra ?? { names: [], X: [] };
  const featureNames = [...(th !== null ? ["hdd"] : []), ...(tc !== null ? ["cdd"] : []), ...extra.names];
  const X = input.temperature.map((t, i) => {
    const row: number[] = [];
    if (th !== null) row.push(Math.max(0, th - t));
    if (tc !== null) row.push(Math.max(0, t - tc));
    for (const v of extra.X[i] ?? []) row.push(v);
    return row;
  });
  const fit = fitOls(X, input.y, featureNames);
  const coef = (name: string): number | null => {
    const j = featureNames.indexOf(name);
    return j < 0 ? null : fit.coefficients[j]!;
  };
  return {
    type,
    heatingBalanceC: th,
    coolingBalanceC: tc,
    fit,
    featureNames,
    heatingSlope: coef("hdd"),
    coolingSlope: coef("cdd"),
    baseLoad: fit.intercept,
  };
}
