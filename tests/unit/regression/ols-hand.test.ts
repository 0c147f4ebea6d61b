/**
 * Hand-computed simple regression, x = 1..5, y = [2, 4, 5, 4, 5]:
 *   x̄ = 3, ȳ = 4, Sxx = Σ(x−x̄)² = 10, Sxy = Σ(x−x̄)(y−ȳ) = 4+0+0+0+2 = 6
 *   slope b1 = Sxy/Sxx = 0.6, intercept b0 = ȳ − b1·x̄ = 2.2
 *   ŷ = [2.8, 3.4, 4.0, 4.6, 5.2], e = [−0.8, 0.6, 1.0, −0.6, −0.2]
 *   SSE = 0.64+0.36+1+0.36+0.04 = 2.4, SST = 4+0+1+0+1 = 6, SSR = 3.6
 *   R² = 1 − 2.4/6 = 0.6, adj R² = 1 − 0.4·4/3 = 0.4666…
 *   s² = SSE/(n−p) = 2.4/3 = 0.8, s = 0.894427191…, RMSE = sqrt(2.4/5) = 0.692820323…
 *   SE(b1) = sqrt(s²/Sxx) = sqrt(0.08) = 0.282842712…
 *   SE(b0) = sqrt(s²(1/n + x̄²/Sxx)) = sqrt(0.8·1.1) = sqrt(0.88) = 0.938083151…
 *   t(b1) = 0.6/0.2828… = 2.121320343…, two-sided p (df 3) = 0.12402706…
 *   F = (SSR/1)/(SSE/3) = 3.6/0.8 = 4.5, p = 0.12402706… (= p of t(b1))
 *   DW = [1.4² + 0.4² + 1.6² + 0.4²]/2.4 = 4.84/2.4 = 2.01666…
 *   lag-1 ρ = [0.6·(−0.8) + 1·0.6 + (−0.6)·1 + (−0.2)(−0.6)]/2.4 = −0.36/2.4 = −0.15
 *   CV(RMSE) = s/ȳ = 0.2236067977…, NMBE = Σe/((n−p)ȳ) = 0
 *   MAE = 3.2/5 = 0.64, MAPE = (0.4+0.15+0.2+0.15+0.04)/5 = 0.188
 *   t(0.975, 3) = 3.182446305…, CI(b1) = 0.6 ± 3.182446305·0.282842712
 */
import { describe, expect, it } from "vitest";
import { fitOls } from "@/lib/analytics/regression";

const X = [[1], [2], [3], [4], [5]];
const y = [2, 4, 5, 4, 5];

describe("fitOls on a hand-computed 5-point regression", () => {
  const fit = fitOls(X, y, ["x"]);

  it("recovers slope, intercept, fitted values and residuals", () => {
    expect(fit.intercept).toBeCloseTo(2.2, 14);
    expect(fit.coefficients[0]).toBeCloseTo(0.6, 14);
    [2.8, 3.4, 4.0, 4.6, 5.2].forEach((v, i) => expect(fit.fitted[i]).toBeCloseTo(v, 13));
    [-0.8, 0.6, 1.0, -0.6, -0.2].forEach((v, i) => expect(fit.residuals[i]).toBeCloseTo(v, 13));
  });

  it("computes standard errors, t, p and confidence intervals", () => {
    expect(fit.stdErrors.drivers[0]).toBeCloseTo(Math.sqrt(0.08), 13);
    expect(fit.stdErrors.intercept).toBeCloseTo(Math.sqrt(0.88), 13);
    expect(fit.tValues.drivers[0]).toBeCloseTo(0.6 / Math.sqrt(0.08), 12);
    expect(fit.pValues.drivers[0]).toBeCloseTo(0.1240270626575546, 7);
    expect(fit.pValues.intercept).toBeCloseTo(0.10074345608542003, 7);
    const half = 3.1824463052837078 * Math.sqrt(0.08);
    expect(fit.confidence).toBe(0.95);
    expect(fit.confidenceIntervals.drivers[0]![0]).toBeCloseTo(0.6 - half, 7);
    expect(fit.confidenceIntervals.drivers[0]![1]).toBeCloseTo(0.6 + half, 7);
  });

  it("computes fit statistics as ASHRAE Guideline 14 defines them", () => {
    const s = fit.stats;
    expect(s.sse).toBeCloseTo(2.4, 13);
    expect(s.sst).toBeCloseTo(6, 13);
    expect(s.ssr).toBeCloseTo(3.6, 13);
    expect(s.rSquared).toBeCloseTo(0.6, 13);
    expect(s.adjRSquared).toBeCloseTo(1 - (0.4 * 4) / 3, 13);
    expect(s.residualSd).toBeCloseTo(Math.sqrt(0.8), 13);
    expect(s.rmse).toBeCloseTo(Math.sqrt(0.48), 13);
    expect(s.cvRmse).toBeCloseTo(Math.sqrt(0.8) / 4, 13);
    expect(s.nmbe).toBeCloseTo(0, 13);
    expect(s.mae).toBeCloseTo(0.64, 13);
    expect(s.mape).toBeCloseTo(0.188, 13);
    expect(s.mapeSkippedRows).toBe(0);
    expect(s.fStatistic).toBeCloseTo(4.5, 12);
    expect(s.fPValue).toBeCloseTo(0.1240270626575546, 7);
    expect(s.durbinWatson).toBeCloseTo(4.84 / 2.4, 13);
    expect(s.lag1Autocorrelation).toBeCloseTo(-0.15, 13);
    expect(s.meanY).toBe(4);
    expect(s.dfModel).toBe(1);
    expect(s.dfResidual).toBe(3);
    expect(fit.vif).toEqual([1]);
    expect(fit.n).toBe(5);
    expect(fit.p).toBe(2);
  });

  it("honours a configurable confidence level", () => {
    const f90 = fitOls(X, y, ["x"], { confidence: 0.9 });
    // t(0.95, 3) = 2.353363434801823
    const half = 2.353363434801823 * Math.sqrt(0.08);
    expect(f90.confidenceIntervals.drivers[0]![1]).toBeCloseTo(0.6 + half, 7);
  });

  it("skips y = 0 rows in MAPE and counts them", () => {
    const f = fitOls([[1], [2], [3], [4], [5], [6]], [0, 2, 2, 5, 4, 7], ["x"]);
    expect(f.stats.mapeSkippedRows).toBe(1);
    const manual = [1, 2, 3, 4, 5].reduce((s, i) => s + Math.abs(f.residuals[i]! / [0, 2, 2, 5, 4, 7][i]!), 0) / 5;
    expect(f.stats.mape).toBeCloseTo(manual, 14);
  });
});

describe("fitOls without intercept", () => {
  // y = b·x: b = Σxy/Σx² = (1·2 + 2·3 + 3·7)/(1+4+9) = 29/14; R² is uncentred (Σŷ²/Σy²).
  const fit = fitOls([[1], [2], [3]], [2, 3, 7], ["x"], { intercept: false });

  it("fits through the origin and reports the uncentred R²", () => {
    const b = 29 / 14;
    expect(fit.hasIntercept).toBe(false);
    expect(fit.intercept).toBe(0);
    expect(fit.stdErrors.intercept).toBeNull();
    expect(fit.confidenceIntervals.intercept).toBeNull();
    expect(fit.coefficients[0]).toBeCloseTo(b, 14);
    const sse = (2 - b) ** 2 + (3 - 2 * b) ** 2 + (7 - 3 * b) ** 2;
    expect(fit.stats.rSquared).toBeCloseTo(1 - sse / (4 + 9 + 49), 13);
    expect(fit.stats.sst).toBeCloseTo(62, 12);
    expect(fit.stdErrors.drivers[0]).toBeCloseTo(Math.sqrt(sse / 2 / 14), 13);
    expect(fit.p).toBe(1);
    expect(fit.stats.dfModel).toBe(1);
  });
});

describe("intercept-only model", () => {
  it("fits the mean with no drivers (F undefined)", () => {
    const fit = fitOls([[], [], [], []], [1, 2, 3, 6], []);
    expect(fit.intercept).toBeCloseTo(3, 14);
    expect(fit.coefficients).toEqual([]);
    expect(fit.vif).toEqual([]);
    // SE of the mean = s/sqrt(n), s² = (4+1+0+9)/3
    expect(fit.stdErrors.intercept).toBeCloseTo(Math.sqrt(14 / 3 / 4), 13);
    expect(Number.isNaN(fit.stats.fStatistic)).toBe(true);
    expect(fit.stats.rSquared).toBeCloseTo(0, 14);
  });
});
