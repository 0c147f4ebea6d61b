import { describe, expect, it } from "vitest";
import { fitOls, predictOls, RegressionError, type OlsState } from "@/lib/analytics/regression";
import { loadNist, mulberry32, nistDesign, normal } from "./helpers";

describe("predictOls on the hand-computed 5-point regression", () => {
  // x = 1..5, y = [2,4,5,4,5]: ŷ = 2.2 + 0.6x, s² = 0.8, Sxx = 10, x̄ = 3.
  // x0ᵀ(XᵀX)⁻¹x0 = 1/n + (x0 − x̄)²/Sxx: 0.2 at x0 = 3, 1.1 at x0 = 6.
  const fit = fitOls([[1], [2], [3], [4], [5]], [2, 4, 5, 4, 5], ["x"]);
  const t975 = 3.1824463052837078; // t(0.975, 3)

  it("gives the fitted value with mean and prediction intervals", () => {
    const [atMean, outside] = predictOls(fit.state, [[3], [6]]);
    expect(atMean!.value).toBeCloseTo(4, 14);
    expect(atMean!.seMean).toBeCloseTo(Math.sqrt(0.8 * 0.2), 13);
    expect(atMean!.sePrediction).toBeCloseTo(Math.sqrt(0.8 * 1.2), 13);
    expect(atMean!.upper).toBeCloseTo(4 + t975 * Math.sqrt(0.96), 7);
    expect(atMean!.meanLower).toBeCloseTo(4 - t975 * 0.4, 7);
    expect(outside!.value).toBeCloseTo(5.8, 14);
    expect(outside!.seMean).toBeCloseTo(Math.sqrt(0.8 * 1.1), 13);
    expect(outside!.sePrediction).toBeCloseTo(Math.sqrt(0.8 * 2.1), 13);
    // intervals widen away from the centre of the data
    expect(outside!.upper - outside!.lower).toBeGreaterThan(atMean!.upper - atMean!.lower);
  });

  it("state survives a JSON round trip and predicts identically", () => {
    const json = JSON.stringify(fit.state);
    const state = JSON.parse(json) as OlsState;
    const rows = [[0], [2.5], [7.25], [-3]];
    expect(predictOls(state, rows, 0.9)).toEqual(predictOls(fit.state, rows, 0.9));
    // plain JSON: every leaf is a finite number, a string or a boolean
    const leaves: unknown[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
      else leaves.push(v);
    };
    walk(state);
    expect(leaves.every((v) => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))).toBe(true);
  });

  it("validates rows and state", () => {
    expect(() => predictOls(fit.state, [[1, 2]])).toThrow(RegressionError);
    expect(() => predictOls(fit.state, [[Number.NaN]])).toThrow(RegressionError);
    expect(() => predictOls({ ...fit.state, p: 5 }, [[1]])).toThrow(RegressionError);
    expect(() => predictOls(fit.state, [[1]], 0)).toThrow(RegressionError);
  });
});

describe("prediction intervals on an ill-conditioned model (Longley)", () => {
  it("reproduces the fitted values at the data rows with positive widths", () => {
    const { X, y, names } = nistDesign(loadNist("Longley"));
    const fit = fitOls(X, y, names);
    const preds = predictOls(fit.state, X);
    preds.forEach((p, i) => {
      expect(p.value).toBeCloseTo(fit.fitted[i]!, 6);
      expect(p.seMean).toBeGreaterThan(0);
      expect(p.seMean).toBeLessThan(fit.stats.residualSd);
    });
    // Σ leverages = p for the data rows: Σ x_iᵀ(XᵀX)⁻¹x_i = trace(H) = 7
    const s2 = fit.stats.residualSd ** 2;
    const trace = preds.reduce((s, p) => s + p.seMean ** 2 / s2, 0);
    expect(trace).toBeCloseTo(7, 8);
  });
});

describe("prediction-interval coverage", () => {
  it("90% prediction intervals contain ~90% of new observations", () => {
    const u = mulberry32(99);
    const z = normal(u);
    const gen = (): { x: number[]; y: number } => {
      const x = [35 * u() - 10, 8 * u()];
      return { x, y: 120 + 3.2 * x[0]! - 4 * x[1]! + 6 * z() };
    };
    const train = Array.from({ length: 120 }, gen);
    const fit = fitOls(
      train.map((p) => p.x),
      train.map((p) => p.y),
      ["temp", "hours"],
    );
    const test = Array.from({ length: 4000 }, gen);
    const preds = predictOls(
      fit.state,
      test.map((p) => p.x),
      0.9,
    );
    const inside = preds.filter((p, i) => test[i]!.y >= p.lower && test[i]!.y <= p.upper).length;
    expect(inside / test.length).toBeGreaterThan(0.87);
    expect(inside / test.length).toBeLessThan(0.93);
  });
});
