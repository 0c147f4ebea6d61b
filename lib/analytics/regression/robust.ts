/**
 * Theil–Sen slope (median of pairwise slopes) via ml-regression, for robust
 * drift slopes: insensitive to up to ~29% outliers, unlike OLS.
 */
import { TheilSenRegression } from "ml-regression";
import { RegressionError } from "./errors";

export interface TheilSenFit {
  slope: number;
  intercept: number;
  n: number;
}

/** ml-regression materialises all n² pairwise slopes; cap n to keep memory bounded (~70 MB). */
export const THEIL_SEN_MAX_POINTS = 3000;

export function theilSen(x: number[], y: number[]): TheilSenFit {
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) {
    throw new RegressionError("invalid_input", "x and y must be arrays of equal length.");
  }
  const n = x.length;
  if (n < 2) throw new RegressionError("too_few_samples", `Theil–Sen needs at least 2 points, got ${n}.`);
  if (n > THEIL_SEN_MAX_POINTS) {
    throw new RegressionError("invalid_input", `Theil–Sen is limited to ${THEIL_SEN_MAX_POINTS} points (got ${n}); aggregate the series first.`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new RegressionError("invalid_input", `Point ${i} is not finite (x = ${String(x[i])}, y = ${String(y[i])}).`);
    }
  }
  if (x.every((v) => v === x[0])) {
    throw new RegressionError("rank_deficient", "All x values are equal: the slope is undefined.", ["x"]);
  }
  const model = new TheilSenRegression(x, y);
  return { slope: model.slope, intercept: model.intercept, n };
}
