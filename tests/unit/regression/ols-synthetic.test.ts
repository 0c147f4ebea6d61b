/** Synthetic data with known coefficients and Gaussian noise, seeded. */
import { describe, expect, it } from "vitest";
import { fitOls } from "@/lib/analytics/regression";
import { mulberry32, normal } from "./helpers";

const TRUE = { intercept: 50, coefficients: [2.5, -1.2, 0.8] };
const SIGMA = 3;

function simulate(n: number, seed: number): { X: number[][]; y: number[] } {
  const u = mulberry32(seed);
  const z = normal(u);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    // drivers on realistic scales: outdoor temp, HDD-like, production count
    const row = [30 * u() - 5, 20 * u(), 100 + 50 * u()];
    X.push(row);
    y.push(TRUE.intercept + row.reduce((s, v, j) => s + v * TRUE.coefficients[j]!, 0) + SIGMA * z());
  }
  return { X, y };
}

describe("synthetic regression with known coefficients", () => {
  it("recovers every coefficient within its 99.9% confidence interval", () => {
    const { X, y } = simulate(400, 2024);
    const fit = fitOls(X, y, ["temp", "hdd", "units"], { confidence: 0.999 });
    const [lo, hi] = fit.confidenceIntervals.intercept!;
    expect(TRUE.intercept).toBeGreaterThan(lo);
    expect(TRUE.intercept).toBeLessThan(hi);
    fit.confidenceIntervals.drivers.forEach(([l, h], j) => {
      expect(TRUE.coefficients[j]).toBeGreaterThan(l);
      expect(TRUE.coefficients[j]).toBeLessThan(h);
    });
    expect(fit.stats.residualSd).toBeGreaterThan(0.9 * SIGMA);
    expect(fit.stats.residualSd).toBeLessThan(1.1 * SIGMA);
    // independent uniform drivers: VIFs close to 1; white noise: DW ≈ 2, ρ ≈ 0
    fit.vif.forEach((v) => expect(v).toBeLessThan(1.1));
    expect(fit.stats.durbinWatson).toBeGreaterThan(1.7);
    expect(fit.stats.durbinWatson).toBeLessThan(2.3);
    expect(Math.abs(fit.stats.lag1Autocorrelation)).toBeLessThan(0.15);
    // DW ≈ 2(1 − ρ)
    expect(fit.stats.durbinWatson).toBeCloseTo(2 * (1 - fit.stats.lag1Autocorrelation), 1);
    // all drivers highly significant
    fit.pValues.drivers.forEach((p) => expect(p).toBeLessThan(1e-6));
    expect(fit.stats.fPValue).toBeLessThan(1e-12);
  });

  it("95% coefficient intervals cover the true slope ~95% of the time", () => {
    let covered = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const { X, y } = simulate(30, 1000 + r);
      const [lo, hi] = fitOls(X, y, ["temp", "hdd", "units"]).confidenceIntervals.drivers[0]!;
      if (lo < TRUE.coefficients[0]! && TRUE.coefficients[0]! < hi) covered++;
    }
    // binomial SD at 300 reps ≈ 1.3 points
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
  });

  it("detects correlated drivers through VIF", () => {
    const u = mulberry32(5);
    const z = normal(u);
    const X = Array.from({ length: 200 }, () => {
      const a = 10 * u();
      return [a, a + 0.3 * z(), 5 * u()];
    });
    const y = X.map((r) => 1 + r[0]! + r[1]! + r[2]! + z());
    const fit = fitOls(X, y, ["a", "a_noisy", "b"]);
    expect(fit.vif[0]).toBeGreaterThan(50);
    expect(fit.vif[1]).toBeGreaterThan(50);
    expect(fit.vif[2]).toBeLessThan(1.2);
  });
});
