/** Numerical robustness: scaling, offsets, degenerate responses, condition numbers. */
import { describe, expect, it } from "vitest";
import { Matrix, inverse } from "ml-matrix";
import { fitOls } from "@/lib/analytics/regression";
import { loadNist, mulberry32, nistDesign, normal } from "./helpers";

function sample(n: number, seed: number): { X: number[][]; y: number[] } {
  const u = mulberry32(seed);
  const z = normal(u);
  const X = Array.from({ length: n }, () => [20 * u(), 5 * u()]);
  return { X, y: X.map((r) => 3 + 1.5 * r[0]! - 2 * r[1]! + z()) };
}

describe("numerical robustness", () => {
  it("is invariant to extreme column scales (1e-300, 1e200): coefficients scale exactly", () => {
    const { X, y } = sample(60, 1);
    const ref = fitOls(X, y, ["a", "b"]);
    const scaled = fitOls(
      X.map((r) => [r[0]! * 1e-300, r[1]! * 1e200]),
      y,
      ["a", "b"],
    );
    expect(scaled.coefficients[0]! * 1e-300).toBeCloseTo(ref.coefficients[0]!, 12);
    expect(scaled.coefficients[1]! * 1e200).toBeCloseTo(ref.coefficients[1]!, 12);
    expect(scaled.stats.residualSd).toBeCloseTo(ref.stats.residualSd, 12);
    expect(scaled.stats.conditionNumber).toBeCloseTo(ref.stats.conditionNumber, 8);
  });

  it("is invariant to scaling y by a large power of ten (sums of squares stay representable)", () => {
    const { X, y } = sample(40, 2);
    const ref = fitOls(X, y, ["a", "b"]);
    const big = fitOls(
      X,
      y.map((v) => v * 1e120),
      ["a", "b"],
    );
    expect(big.coefficients[0]! / 1e120).toBeCloseTo(ref.coefficients[0]!, 12);
    expect(big.stats.rSquared).toBeCloseTo(ref.stats.rSquared, 13);
  });

  it("handles epoch-millisecond timestamps as a driver (huge offset, small spread)", () => {
    // 96 quarter-hours: t ≈ 1.7e12 ms; the slope must equal that of the shifted driver t − t0
    const t0 = 1.7e12;
    const t = Array.from({ length: 96 }, (_, i) => t0 + i * 900_000);
    const y = t.map((v, i) => 4e-8 * (v - t0) + 10 + Math.cos(i));
    const raw = fitOls(
      t.map((v) => [v]),
      y,
      ["t"],
    );
    const shifted = fitOls(
      t.map((v) => [v - t0]),
      y,
      ["t"],
    );
    expect(raw.coefficients[0]! / shifted.coefficients[0]!).toBeCloseTo(1, 11);
    expect(raw.intercept + raw.coefficients[0]! * t0).toBeCloseTo(shifted.intercept, 6);
    expect(raw.stats.sse).toBeCloseTo(shifted.stats.sse, 9);
  });

  it("fits a constant response without throwing: zero slope, undefined F and R²", () => {
    const X = Array.from({ length: 30 }, (_, i) => [i + Math.sin(i)]);
    const fit = fitOls(
      X,
      X.map(() => 42),
      ["x"],
    );
    expect(fit.intercept).toBeCloseTo(42, 12);
    expect(Math.abs(fit.coefficients[0]!)).toBeLessThan(1e-12);
    expect(fit.stats.sse).toBeLessThan(1e-20);
    expect(Number.isNaN(fit.stats.fStatistic)).toBe(true);
    expect(Number.isNaN(fit.stats.rSquared)).toBe(true);
  });

  it("reports the 2-norm condition number of the unit-column-scaled design (vs NumPy)", () => {
    const cases: [string, number][] = [
      ["Longley", 43275.04358718],
      ["Wampler1", 2220.2084964482],
      ["Filip", 5206821557.814949],
    ];
    for (const [name, expected] of cases) {
      const d = loadNist(name);
      const { X, y, names } = nistDesign(d);
      const fit = fitOls(X, y, names);
      expect(fit.stats.conditionNumber / expected).toBeCloseTo(1, name === "Filip" ? 4 : 8);
    }
  });

  it("gives standard errors of large well-conditioned designs (covariance not refined) to 1e-10 of the textbook formula", () => {
    // n·p² above the always-refine size and κ small: the unrefined QR covariance is used.
    const u = mulberry32(21);
    const z = normal(u);
    const X = Array.from({ length: 8760 }, () => [20 * u(), 5 * u(), 100 + 10 * u(), u(), 3 * z()]);
    const y = X.map((r) => 3 + 1.5 * r[0]! - 2 * r[1]! + 0.1 * r[2]! + 4 * r[3]! + 0.5 * r[4]! + z());
    const fit = fitOls(X, y, ["a", "b", "c", "d", "e"]);
    expect(fit.stats.conditionNumber).toBeLessThan(1e5);
    // (XᵀX)⁻¹ from ml-matrix's LU on a design this well-conditioned is accurate to ~1e-13.
    const A = new Matrix(X.map((r) => [1, ...r]));
    const cov = inverse(A.transpose().mmul(A));
    const s2 = fit.stats.residualSd ** 2;
    const want = [0, 1, 2, 3, 4, 5].map((j) => Math.sqrt(s2 * cov.get(j, j)));
    expect(Math.abs(fit.stdErrors.intercept! - want[0]!) / want[0]!).toBeLessThan(1e-10);
    fit.stdErrors.drivers.forEach((se, j) => expect(Math.abs(se - want[j + 1]!) / want[j + 1]!, `driver ${j}`).toBeLessThan(1e-10));
  });
});
