/**
 * The baseline method's level (intercept) correction and the calibrated empirical intervals, on
 * synthetic hourly series whose truth is known: a machine using 5 kWh + 0.5 kWh per unit produced
 * (noise σ 0.5 kWh), a linear baseline fitted on its first four weeks, and a level shift of known
 * size from a known hour.
 */
import { describe, expect, it } from "vitest";
import { mulberry32, normal } from "../regression/helpers";
import { fitModel } from "@/lib/analytics/baseline/fit";
import type { ModelSpec } from "@/lib/analytics/baseline/model";
import { baselineForecaster, LEVEL_WINDOW_HOURS, levelCorrection, type BaselineForecastInput } from "@/lib/forecast/baseline-method";
import { bandOf, calibratedBand, empiricalBand, type Forecaster } from "@/lib/forecast/engine";
import { DAY, HOUR, hoursFrom, type HourlySeries } from "@/lib/forecast/hours";

const T0 = Date.UTC(2025, 0, 6); // a Monday
const WEEKS = 8;
const N = WEEKS * 168;
const origin = T0 + 6 * 7 * DAY; // a Monday 00:00: two weeks of the series lie after it
const SHIFT = 4; // kWh per hour

/** Production: 20 ± 5 units on weekdays 06–22, 0 otherwise (seeded). */
function production(seed: number): Float64Array {
  const u = mulberry32(seed);
  return Float64Array.from({ length: N }, (_, i) => {
    const h = i % 24;
    const weekday = Math.floor(i / 24) % 7 < 5;
    return weekday && h >= 6 && h < 22 ? 15 + 10 * u() : 0;
  });
}

/** Energy 5 + 0.5·production + N(0, 0.5²), plus SHIFT kWh in the hours [shiftFrom, shiftTo). */
function energy(prod: Float64Array, seed: number, shiftFrom = Infinity, shiftTo = Infinity): Float64Array {
  const z = normal(mulberry32(seed));
  return Float64Array.from(prod, (p, i) => {
    const t = T0 + i * HOUR;
    return 5 + 0.5 * p + 0.5 * z() + (t >= shiftFrom && t < shiftTo ? SHIFT : 0);
  });
}

/** A linear baseline fitted on the first four (clean) weeks. */
function spec(prod: Float64Array, y: Float64Array): ModelSpec {
  const n = 4 * 168;
  const X = { total_production_count: Array.from(prod.subarray(0, n)) };
  const m = fitModel("linear", ["total_production_count"], X, Array.from(y.subarray(0, n)));
  return { modelType: m.modelType, inputs: m.inputs, transforms: m.transforms, featureNames: m.featureNames, state: m.ols, ranges: { total_production_count: [0, 25] } };
}

function input(prod: Float64Array, y: Float64Array, withEnergy = true): BaselineForecastInput {
  const s: HourlySeries = { start: T0, values: y };
  return {
    spec: spec(prod, energy(prod, 1)),
    timeZone: "UTC",
    hddBaseC: 18,
    cddBaseC: 22,
    history: { total_production_count: { start: T0, values: prod } },
    // The forecast week's production as the plan: the correction is what is tested, not the plan.
    given: { origin, values: { total_production_count: Array.from(prod.subarray(6 * 168, 7 * 168)) } },
    ...(withEnergy ? { energy: s } : {}),
  };
}

const rmse = (f: number[], y: Float64Array, from: number) => Math.sqrt(f.reduce((a, v, h) => a + (v - y[from + h]!) ** 2, 0) / f.length);

describe("level (intercept) correction of the baseline forecast", () => {
  const prod = production(7);
  const hours = hoursFrom(origin, 168);
  const at = 6 * 168; // index of the origin hour

  it("recovers a level shift that began three days before the origin and lowers the week's error", () => {
    const y = energy(prod, 1, origin - 3 * DAY);
    const c = levelCorrection(input(prod, y), origin);
    expect(c.hours).toBe(LEVEL_WINDOW_HOURS);
    // The mean of 24 residuals of σ 0.5 (plus the model's own small error): 4 ± about 0.1.
    expect(c.kwh).toBeGreaterThan(SHIFT - 0.35);
    expect(c.kwh).toBeLessThan(SHIFT + 0.35);
    const corrected = baselineForecaster(input(prod, y)).point(origin, hours);
    const plain = baselineForecaster(input(prod, y, false)).point(origin, hours);
    corrected.forEach((v, h) => expect(v - plain[h]!).toBeCloseTo(c.kwh, 9));
    // Uncorrected, the week's error is the whole shift; corrected, about the noise.
    expect(rmse(plain, y, at)).toBeGreaterThan(3.9);
    expect(rmse(corrected, y, at)).toBeLessThan(0.7);
  });

  it("adds nothing of note without a shift: the mean residual of a day of noise", () => {
    const y = energy(prod, 1);
    const c = levelCorrection(input(prod, y), origin);
    expect(Math.abs(c.kwh)).toBeLessThan(0.35);
    const corrected = baselineForecaster(input(prod, y)).point(origin, hours);
    const plain = baselineForecaster(input(prod, y, false)).point(origin, hours);
    expect(rmse(corrected, y, at)).toBeLessThan(rmse(plain, y, at) + 0.1);
  });

  it("stops correcting a shift that ended more than a day before the origin", () => {
    const y = energy(prod, 1, origin - 5 * DAY, origin - 2 * DAY);
    expect(Math.abs(levelCorrection(input(prod, y), origin).kwh)).toBeLessThan(0.35);
  });

  it("reads only hours before the origin: the forecast week's actuals do not move it", () => {
    const y = energy(prod, 1, origin - 3 * DAY);
    const changed = Float64Array.from(y, (v, i) => (i >= at ? v + 100 : v));
    expect(levelCorrection(input(prod, changed), origin).kwh).toBe(levelCorrection(input(prod, y), origin).kwh);
  });

  it("is 0 with fewer than 22 metered hours in the last day", () => {
    const y = energy(prod, 1, origin - 3 * DAY);
    const gappy = Float64Array.from(y, (v, i) => (i >= at - 3 && i < at ? Number.NaN : v));
    expect(levelCorrection(input(prod, gappy), origin)).toEqual({ kwh: 0, hours: 21 });
  });
});

describe("calibrated empirical intervals", () => {
  // A forecaster of a constant 10 kWh; actuals 10 + noise of σ 1 for six weeks, then σ 2.
  const weeks = 12;
  const z = normal(mulberry32(3));
  const change = T0 + 6 * 7 * DAY;
  const values = Float64Array.from({ length: weeks * 168 }, (_, i) => 10 + (T0 + i * HOUR >= change ? 2 : 1) * z());
  const actual: HourlySeries = { start: T0, values };
  const flat: Forecaster = { name: "seasonal", point: (_o, h) => h.map(() => 10) };
  const inside = (lo: number[], hi: number[], from: number) => lo.filter((l, h) => values[from + h]! >= l && values[from + h]! <= hi[h]!).length / lo.length;

  it("on steady noise, adds nothing of note to the empirical band", () => {
    const o = T0 + 5 * 7 * DAY; // all earlier weeks σ 1
    const hours = hoursFrom(o, 168);
    const plain = empiricalBand(flat, actual, o, hours);
    const cal = calibratedBand(flat, actual, o, hours);
    const width = (b: typeof plain) => b.upper95[0]! - b.lower95[0]!;
    // Never narrower; on steady σ 1 noise at most a few % wider (3.92 kWh is the true 95 % width).
    expect(width(cal)).toBeGreaterThanOrEqual(width(plain));
    expect(width(cal)).toBeLessThan(width(plain) * 1.1);
  });

  it("after the noise doubles, widens the band the earlier weeks' errors give, toward the true 95 % (±3.92 kWh)", () => {
    const o = T0 + 8 * 7 * DAY; // the band's own weeks: σ 2, 2, 1; its calibration weeks' bands under-covered
    const hours = hoursFrom(o, 336);
    const plain = empiricalBand(flat, actual, o, hours);
    const cal = bandOf(flat, actual, o, hours);
    expect(cal.upper95[0]! - cal.lower95[0]!).toBeGreaterThan(plain.upper95[0]! - plain.lower95[0]! + 0.3);
    const from = 8 * 168;
    const covPlain = inside(plain.lower95, plain.upper95, from);
    const covCal = inside(cal.lower95, cal.upper95, from);
    expect(covCal).toBeGreaterThan(covPlain);
    expect(covCal).toBeGreaterThan(0.93);
    expect(cal.upper80.every((u, h) => u >= plain.upper80[h]!)).toBe(true);
  });

  it("uses only weeks that ended by the origin", () => {
    const o = T0 + 8 * 7 * DAY;
    const hours = hoursFrom(o, 168);
    const before = calibratedBand(flat, actual, o, hours);
    const changed: HourlySeries = { start: T0, values: Float64Array.from(values, (v, i) => (T0 + i * HOUR >= o ? v * 3 : v)) };
    expect(calibratedBand(flat, changed, o, hours)).toEqual(before);
  });
});
