/**
 * The combined method (lib/forecast/combine.ts) on synthetic forecasts of known error: two
 * unbiased forecasts with independent errors of σ 2 and 4 kWh. Inverse-variance optimum: the
 * weight on the first is 4² / (2² + 4²) = 0.8 and the combination's error variance
 * 2²·4² / (2² + 4²) = 3.2 kWh², below the better one's 4 kWh².
 */
import { describe, expect, it } from "vitest";
import { mulberry32, normal } from "../regression/helpers";
import { runBacktest } from "@/lib/forecast/backtest";
import type { Forecaster } from "@/lib/forecast/engine";
import { DAY, HOUR, type HourlySeries } from "@/lib/forecast/hours";
import { combinationWeight, combinedForecaster, MIN_WEIGHT_PAIRS } from "@/lib/forecast/combine";

const T0 = Date.UTC(2025, 0, 6); // a Monday
const WEEKS = 30;
const N = WEEKS * 168;

function setup(sigmaA: number, sigmaB: number, biasB: number, seed: number) {
  const z = normal(mulberry32(seed));
  const y = Float64Array.from({ length: N }, (_, i) => 100 + 30 * Math.sin((2 * Math.PI * (i % 24)) / 24) + 5 * z());
  const eA = Float64Array.from({ length: N }, () => sigmaA * z());
  const eB = Float64Array.from({ length: N }, () => biasB + sigmaB * z());
  const actual: HourlySeries = { start: T0, values: y };
  // A forecast of hour t is the truth plus that hour's error: known, independent error series.
  const of = (name: "baseline" | "seasonal", e: Float64Array): Forecaster => ({
    name,
    point: (_origin, hours) => hours.map((t) => y[(t - T0) / HOUR]! - e[(t - T0) / HOUR]!),
  });
  return { actual, a: of("baseline", eA), b: of("seasonal", eB), y };
}

const origins = Array.from({ length: 20 }, (_, k) => T0 + (8 + k) * 7 * DAY);

describe("combination weight", () => {
  it("is the hand-computed Bates–Granger weight, clipped to [0, 1]", () => {
    // e_a = ±1, e_b = ±3 with the same sign: S_aa = n, S_bb = 9n, S_ab = 3n → w = (9 − 3) / (1 + 9 − 6) = 1.5 → clipped to 1.
    const n = MIN_WEIGHT_PAIRS;
    const ea = Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1));
    const eb = ea.map((e) => 3 * e);
    expect(combinationWeight(ea, eb)).toBe(1);
    // Opposite signs: S_ab = −3n → w = (9 + 3) / (1 + 9 + 6) = 0.75, and the combination 0.75·e_a + 0.25·e_b is 0.
    expect(combinationWeight(ea, eb.map((e) => -e))).toBeCloseTo(0.75, 12);
    // Too few pairs, identical errors: the simple average.
    expect(combinationWeight(ea.slice(0, n - 1), eb.slice(0, n - 1))).toBe(0.5);
    expect(combinationWeight(ea, ea)).toBe(0.5);
    // NaN pairs are skipped, not counted.
    expect(combinationWeight([...ea, Number.NaN], [...eb.map((e) => -e), 1])).toBeCloseTo(0.75, 12);
  });
});

describe("combined forecaster", () => {
  it("chooses weights near the inverse-variance optimum and errs less than either method", () => {
    const { actual, a, b } = setup(2, 4, 0, 7);
    const c = combinedForecaster(a, b, actual);
    const ws = origins.map((o) => c.weight(o));
    const meanW = ws.reduce((s, w) => s + w, 0) / ws.length;
    expect(meanW).toBeGreaterThan(0.76);
    expect(meanW).toBeLessThan(0.84);
    for (const w of ws) expect(Math.abs(w - 0.8)).toBeLessThan(0.08);

    const bt = runBacktest([{ ...a, name: "persistence" }, a, b, c], actual, origins);
    const rmse = (m: string) => bt.scores.find((s) => s.method === m)!.rmse_kwh!;
    // Expected RMSEs: 2 (a), 4 (b), √3.2 ≈ 1.789 (combined).
    expect(rmse("baseline")).toBeGreaterThan(1.9);
    expect(rmse("combined")).toBeLessThan(rmse("baseline") * 0.94);
    expect(rmse("combined")).toBeGreaterThan(1.7);
    expect(rmse("combined")).toBeLessThan(1.88);
    expect(bt.best_method).toBe("combined");
    // Empirical intervals from the combination's own past errors keep their coverage.
    const cov95 = bt.scores.find((s) => s.method === "combined")!.coverage_95!;
    expect(cov95).toBeGreaterThanOrEqual(0.9);
    expect(cov95).toBeLessThanOrEqual(0.98);
  });

  it("penalises a biased method: an unbiased σ 2 forecast against one with bias 6 gets most of the weight", () => {
    const { actual, a, b } = setup(2, 2, 6, 11);
    // Equal variances, B's MSE 4 + 36: w = 40 / 44 ≈ 0.909.
    const w = combinedForecaster(a, b, actual).weight(origins[5]!);
    expect(w).toBeGreaterThan(0.87);
    expect(w).toBeLessThan(0.95);
  });

  it("chooses its weight from the weeks before the origin only: changing the week being forecast changes nothing", () => {
    const { actual, a, b } = setup(2, 4, 0, 13);
    const origin = origins[10]!;
    const before = combinedForecaster(a, b, actual).weight(origin);
    const from = (origin - T0) / HOUR;
    const altered: HourlySeries = { start: T0, values: Float64Array.from(actual.values, (v, i) => (i >= from ? v + 1000 * Math.sin(i) : v)) };
    expect(combinedForecaster(a, b, altered).weight(origin)).toBe(before);
    // …while changing the week before it does.
    const earlier: HourlySeries = { start: T0, values: Float64Array.from(actual.values, (v, i) => (i >= from - 168 && i < from ? v + 50 : v)) };
    expect(combinedForecaster(a, b, earlier).weight(origin)).not.toBe(before);
  });
});
