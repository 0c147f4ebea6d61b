import { describe, expect, it } from "vitest";
import { fitOls, RegressionError, theilSen } from "@/lib/analytics/regression";

describe("theilSen", () => {
  it("recovers the slope of a clean line despite gross outliers (unlike OLS)", () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = x.map((v) => 3 + 2 * v);
    y[3] = 500;
    y[11] = -400;
    y[17] = 900;
    y[19] = 1000;
    const ts = theilSen(x, y);
    expect(ts.slope).toBe(2);
    expect(ts.intercept).toBe(3);
    expect(ts.n).toBe(20);
    const ols = fitOls(
      x.map((v) => [v]),
      y,
      ["x"],
    );
    expect(Math.abs(ols.coefficients[0]! - 2)).toBeGreaterThan(5);
  });

  it("validates its input", () => {
    expect(() => theilSen([1, 2], [1])).toThrow(RegressionError);
    expect(() => theilSen([1], [1])).toThrow(RegressionError);
    expect(() => theilSen([1, 2, Number.NaN], [1, 2, 3])).toThrow(RegressionError);
    expect(() => theilSen([2, 2, 2], [1, 2, 3])).toThrow(RegressionError);
  });
});
