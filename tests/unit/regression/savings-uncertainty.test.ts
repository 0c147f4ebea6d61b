/**
 * FSU hand checks. U/E_base = t · a · CV · sqrt((n/n')(1 + 2/n')(1/m)), n' = n(1−ρ)/(1+ρ)
 * (CalTRACK 2.0 §4.3.2.4, eemeter `_compute_fsu_error`); t values from SciPy.
 */
import { describe, expect, it } from "vitest";
import { fitOls, fractionalSavingsUncertainty, RegressionError } from "@/lib/analytics/regression";

describe("fractionalSavingsUncertainty", () => {
  it("daily data: Sun–Baltazar factor with M = m/30", () => {
    // n = 365, p = 3, CV = 0.10, ρ = 0.5, m = 365 days, adjusted baseline 1,000,000 kWh, 90%:
    //   n' = 365·0.5/1.5 = 121.666…
    //   M = 365/30 = 12.1666…, a = −0.00024·M² + 0.03535·M + 1.00286 = 1.397425
    //   t(0.95, 362) = 1.649073792340144
    //   sqrt((365/121.666…)·(1 + 2/121.666…)/365) = sqrt(3·1.0164383561643835/365) = 0.0914021…
    //   U/E = 1.649073792·1.397425·0.10·0.0914021… = 0.0210631498
    //   U = 21 063.15 kWh; with 100 000 kWh expected savings, FSU = 21.06 %
    const r = fractionalSavingsUncertainty({
      n: 365,
      p: 3,
      cvRmse: 0.1,
      lag1Autocorrelation: 0.5,
      reportingPoints: 365,
      expectedReportingTotal: 1_000_000,
      expectedSavings: 100_000,
      granularity: "daily",
    });
    expect(r.effectiveN).toBeCloseTo(121.66666666666667, 10);
    expect(r.reportingMonths).toBeCloseTo(12.166666666666666, 12);
    expect(r.correctionFactor).toBeCloseTo(1.397425, 12);
    expect(r.tValue).toBeCloseTo(1.649073792340144, 6);
    expect(r.degreesOfFreedom).toBe(362);
    expect(r.fraction).toBeCloseTo(0.02106314977977478, 8);
    expect(r.uncertainty).toBeCloseTo(21063.14977977478, 2);
    expect(r.fsu).toBeCloseTo(0.2106314977977478, 7);
    expect(r.correctionSource).toMatch(/Sun & Baltazar/);
  });

  it("hourly data: the ASHRAE 1.26 factor", () => {
    // n = 8760, p = 20, CV = 0.20, ρ = 0.8 → n' = 973.33…, t(0.95, 8740) = 1.6450279898410678
    // U/E = 1.64502799·1.26·0.20·sqrt(9·(1 + 2/973.33)/8760) = 0.013301137083147523
    const r = fractionalSavingsUncertainty({
      n: 8760,
      p: 20,
      cvRmse: 0.2,
      lag1Autocorrelation: 0.8,
      reportingPoints: 8760,
      expectedReportingTotal: 500_000,
      granularity: "hourly",
    });
    expect(r.correctionFactor).toBe(1.26);
    expect(r.reportingMonths).toBeNull();
    expect(r.fraction).toBeCloseTo(0.013301137083147523, 8);
    expect(r.uncertainty).toBeCloseTo(6650.568541573762, 3);
    expect(r.fsu).toBeNull();
  });

  it("monthly data: billing polynomial with M = m, from residual SD and mean", () => {
    // n = m = 12, p = 2, CV = 500/10 000 = 0.05, ρ = 0.1 → n' = 9.8181…, a(12) = 1.30558,
    // t(0.95, 10) = 1.8124611228116756 → U/E = 0.04142728345593503
    const r = fractionalSavingsUncertainty({
      n: 12,
      p: 2,
      residualSd: 500,
      meanY: 10_000,
      lag1Autocorrelation: 0.1,
      reportingPoints: 12,
      expectedReportingTotal: 120_000,
      granularity: "monthly",
    });
    expect(r.cvRmse).toBeCloseTo(0.05, 15);
    expect(r.correctionFactor).toBeCloseTo(1.30558, 12);
    expect(r.fraction).toBeCloseTo(0.04142728345593503, 8);
    expect(r.uncertainty).toBeCloseTo(4971.274014712203, 3);
  });

  it("more reporting points or less autocorrelation reduce the uncertainty", () => {
    const base = { n: 365, p: 3, cvRmse: 0.15, reportingPoints: 90, expectedReportingTotal: 1e5, granularity: "daily" as const };
    const a = fractionalSavingsUncertainty({ ...base, lag1Autocorrelation: 0.6 });
    const b = fractionalSavingsUncertainty({ ...base, lag1Autocorrelation: 0 });
    expect(b.effectiveN).toBe(365);
    expect(b.fraction).toBeLessThan(a.fraction);
    const c = fractionalSavingsUncertainty({ ...base, lag1Autocorrelation: 0.6, confidence: 0.68 });
    expect(c.fraction).toBeLessThan(a.fraction);
  });

  it("plugs into a fitted model's statistics", () => {
    const X = Array.from({ length: 60 }, (_, i) => [Math.sin(i / 5) * 10 + 15]);
    const y = X.map((r, i) => 200 + 8 * r[0]! + ((i * 7) % 11) - 5);
    const fit = fitOls(X, y, ["temp"]);
    const r = fractionalSavingsUncertainty({
      n: fit.n,
      p: fit.p,
      cvRmse: fit.stats.cvRmse,
      lag1Autocorrelation: fit.stats.lag1Autocorrelation,
      reportingPoints: 30,
      expectedReportingTotal: 30 * fit.stats.meanY,
      granularity: "daily",
    });
    expect(r.uncertainty).toBeGreaterThan(0);
    expect(Number.isFinite(r.fraction)).toBe(true);
  });

  it("rejects invalid inputs", () => {
    const ok = { n: 100, p: 3, cvRmse: 0.1, lag1Autocorrelation: 0.2, reportingPoints: 30, expectedReportingTotal: 1e4, granularity: "daily" as const };
    expect(() => fractionalSavingsUncertainty({ ...ok, lag1Autocorrelation: 1 })).toThrow(RegressionError);
    expect(() => fractionalSavingsUncertainty({ ...ok, reportingPoints: 0 })).toThrow(RegressionError);
    expect(() => fractionalSavingsUncertainty({ ...ok, cvRmse: undefined })).toThrow(RegressionError);
    expect(() => fractionalSavingsUncertainty({ ...ok, n: 3 })).toThrow(RegressionError);
  });
});
