/**
 * Forecasting methods on synthetic hourly series with known seasonality and noise, and the
 * backtest's scores checked by hand on a tiny series.
 */
import { describe, expect, it } from "vitest";
import { mulberry32, normal } from "../regression/helpers";
import { runBacktest } from "@/lib/forecast/backtest";
import { bandOf, type Forecaster } from "@/lib/forecast/engine";
import { HOUR, DAY, hoursFrom, type HourlySeries } from "@/lib/forecast/hours";
import { persistenceForecast, seasonalForecast } from "@/lib/forecast/seasonal";
import { arimaForecast } from "@/lib/forecast/arima";
import { normalBand } from "@/lib/forecast/engine";

const T0 = Date.UTC(2025, 0, 6); // a Monday
const TZ = "UTC";
/** Daily shape plus a weekend drop: the known seasonality (kWh). */
const pattern = (i: number) => 50 + 20 * Math.sin((2 * Math.PI * (i % 24)) / 24) + (Math.floor(i / 24) % 7 >= 5 ? -30 : 0);

function series(weeks: number, sigma: number, seed: number): HourlySeries {
  const z = normal(mulberry32(seed));
  return { start: T0, values: Float64Array.from({ length: weeks * 168 }, (_, i) => pattern(i) + sigma * z()) };
}

const persistence = (s: HourlySeries): Forecaster => ({ name: "persistence", point: (o, h) => persistenceForecast(s, h, o, TZ) });
const seasonal = (s: HourlySeries): Forecaster => ({ name: "seasonal", point: (o, h) => seasonalForecast(s, h, o, TZ) });

describe("seasonal forecast", () => {
  it("recovers a known daily and weekly seasonality from noisy history", () => {
    const s = series(6, 1, 1);
    const origin = T0 + 6 * 7 * DAY;
    const f = seasonalForecast(s, hoursFrom(origin, 168), origin, TZ);
    const rmse = Math.sqrt(f.reduce((a, v, h) => a + (v - pattern(6 * 168 + h)) ** 2, 0) / 168);
    // Mean of two medians (of 4 and 5 values) of noise with σ = 1: about 0.5 σ from the truth.
    expect(rmse).toBeLessThan(0.7);
    expect(rmse).toBeGreaterThan(0.2);
  });

  it("gives 95 % intervals holding about 95 % of new values on noise of known σ, and beats persistence", () => {
    const s = series(24, 2, 2);
    const origins = Array.from({ length: 14 }, (_, k) => T0 + (10 + k) * 7 * DAY);
    const r = runBacktest([persistence(s), seasonal(s)], s, origins);
    const sea = r.scores.find((x) => x.method === "seasonal")!;
    expect(sea.coverage_95).toBeGreaterThan(0.92);
    expect(sea.coverage_95).toBeLessThan(0.98);
    expect(sea.coverage_80).toBeGreaterThan(0.74);
    expect(sea.coverage_80).toBeLessThan(0.86);
    // Persistence errors have variance 2σ²; the ensemble's about 1.2σ²: skill ≈ 1 − √0.6 ≈ 0.2.
    expect(sea.skill_vs_persistence).toBeGreaterThan(0.12);
    expect(r.best_method).toBe("seasonal");
  });

  it("follows a clock change: the same plant hour a week earlier, not 168 UTC hours", () => {
    // Berlin's spring change on 2025-03-30: a load at 08:00 local is 07:00 UTC before, 06:00 UTC after.
    const start = Date.UTC(2025, 2, 1);
    const values = Float64Array.from({ length: 35 * 24 }, (_, i) => {
      const t = start + i * HOUR;
      const localHour = (new Date(t).getUTCHours() + (t >= Date.UTC(2025, 2, 30, 1) ? 2 : 1)) % 24;
      return localHour === 8 ? 100 : 10;
    });
    const s = { start, values };
    const origin = Date.UTC(2025, 3, 2);
    const hours = hoursFrom(origin, 24);
    const p = persistenceForecast(s, hours, origin, "Europe/Berlin");
    expect(p[6]).toBe(100); // 06:00 UTC = 08:00 CEST, a week earlier 07:00 UTC = 08:00 CET
    expect(p[7]).toBe(10);
  });
});

describe("backtest scores, checked by hand", () => {
  // Three weeks at 10 kWh every hour, then a week at 12 kWh for 84 hours and 8 kWh for 84.
  const values = Float64Array.from({ length: 4 * 168 }, (_, i) => (i < 3 * 168 ? 10 : i < 3 * 168 + 84 ? 12 : 8));
  const s = { start: T0, values };
  const r = runBacktest([persistence(s), seasonal(s)], s, [T0 + 3 * 7 * DAY]);

  it("MAPE, CV(RMSE), NMBE, weekly-total MAPE, coverage and skill of a forecast of 10 kWh", () => {
    for (const m of r.scores) {
      // Both forecast 10: |2|/12 over 84 hours and |2|/8 over 84 → (1/6 + 1/4) / 2.
      expect(m.mape).toBeCloseTo((1 / 6 + 1 / 4) / 2, 12);
      // RMSE 2 kWh, mean 10 kWh.
      expect(m.rmse_kwh).toBeCloseTo(2, 12);
      expect(m.cv_rmse).toBeCloseTo(0.2, 12);
      expect(m.nmbe).toBeCloseTo(0, 12);
      // The week's total is 1680 kWh, forecast 1680.
      expect(m.weekly_total_mape).toBeCloseTo(0, 12);
      // The errors at the earlier origins were all 0: intervals of zero width, holding no actual.
      expect(m.coverage_95).toBe(0);
      expect(m.skill_vs_persistence).toBeCloseTo(0, 12);
      expect(m.hours).toBe(168);
    }
  });

  it("refuses an origin without two weeks of history before it", () => {
    expect(() => bandOf(seasonal(s), s, T0 + 7 * DAY, hoursFrom(T0 + 7 * DAY, 24))).toThrow(/at least 48/);
  });
});

describe("SARIMA (arima package)", () => {
  it("runs on Node, forecasts the weekly shape and gives intervals near their nominal coverage", () => {
    const s = series(10, 2, 5);
    const arima: Forecaster = {
      name: "arima",
      point: (o, h) => arimaForecast(s, h, o, TZ).expected,
      band: (o, h) => {
        const f = arimaForecast(s, h, o, TZ);
        return normalBand(f.expected, f.variance);
      },
    };
    const origins = [7, 8, 9].map((w) => T0 + w * 7 * DAY);
    const r = runBacktest([persistence(s), arima], s, origins);
    const a = r.scores.find((x) => x.method === "arima")!;
    expect(a.rmse_kwh).toBeLessThan(2.6); // noise σ = 2; persistence ≈ 2.8
    expect(a.skill_vs_persistence).toBeGreaterThan(0.05);
    expect(a.coverage_95).toBeGreaterThan(0.88);
    expect(a.coverage_95).toBeLessThan(0.995);
  });
});
