import { describe, expect, it } from "vitest";
import { histogram } from "@/lib/dashboard/histogram";

describe("histogram", () => {
  it("bins eight values into Sturges' 4 bins, the maximum in the last", () => {
    // n = 8 → ⌈log₂ 8⌉ + 1 = 4 bins of width (8 − 0) / 4 = 2 over [0, 8].
    const bins = histogram([0, 1, 2, 3, 4, 5, 6, 8, Number.NaN]);
    expect(bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 2, 2],
      [2, 4, 2],
      [4, 6, 2],
      [6, 8, 2],
    ]);
  });

  it("handles empty input and a constant", () => {
    expect(histogram([])).toEqual([]);
    expect(histogram([3, 3, 3])).toEqual([{ from: 2.5, to: 3.5, count: 3 }]);
  });

  it("counts every value once", () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
    expect(histogram(values).reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(histogram(values, 5)).toHaveLength(5);
  });
});
