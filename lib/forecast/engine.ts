import { AppError } from "@/lib/errors";
import { toPlantIso } from "@/lib/time/plant-time";
import { DAY, HOUR, WEEK_HOURS, hoursFrom, quantile, valueAt, type HourlySeries } from "./hours";

// What every forecasting method shares: point forecasts at an origin, prediction intervals
// (the method's own, or empirical from its errors at earlier weekly origins), and the backtest
// scores. Pure: the caller hands in the series (lib/forecast/read.ts reads them).

export const methods = ["baseline", "seasonal", "arima", "combined"] as const;
export type Method = (typeof methods)[number];
/**
 * persistence: the reference; baseline_ex_post: the baseline fed the drivers as metered;
 * baseline_without_plan: the baseline with every driver assumed, beside a planned one (backtests only).
 */
export type ScoredMethod = Method | "persistence" | "baseline_ex_post" | "baseline_without_plan";

/** Per forecast hour (kWh in the hour): expected value and the 80 % and 95 % prediction intervals. */
export interface Band {
  expected: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

export interface Forecaster {
  name: ScoredMethod;
  /** Point forecasts of `hours` (consecutive from `origin`) from data before the origin; NaN where it has none. */
  point(origin: number, hours: number[]): number[];
  /** The method's own intervals (model-based), when it has them; otherwise empirical ones are used. */
  band?(origin: number, hours: number[]): Band;
}

/** Weekly origins before a forecast origin whose errors give empirical intervals. */
export const INTERVAL_ORIGINS = 3;
/** Fewer residuals than this and an empirical interval is not given. */
const MIN_RESIDUALS = 48;

/** Two-sided quantiles of the central 80 % and 95 % intervals. */
const Q = { lo80: 0.1, hi80: 0.9, lo95: 0.025, hi95: 0.975 };

/**
 * Empirical prediction intervals: the method is run from each of the last INTERVAL_ORIGINS weekly
 * origins before `origin` over a week, and the quantiles of its errors (actual − forecast, pooled
 * over all lead times) are added to the point forecast (as in Hyndman & Athanasopoulos,
 * "Forecasting: Principles and Practice", §5.5, bootstrapped/empirical intervals). Throws
 * AppError 422 when the history gives fewer than 48 errors (under about two weeks of data).
 */
export function empiricalBand(f: Forecaster, actual: HourlySeries, origin: number, hours: number[]): Band {
  const residuals: number[] = [];
  for (let j = 1; j <= INTERVAL_ORIGINS; j++) {
    const o = origin - j * 7 * DAY;
    const past = hoursFrom(o, WEEK_HOURS);
    const p = f.point(o, past);
    past.forEach((t, h) => {
      const r = valueAt(actual, t) - p[h]!;
      if (!Number.isNaN(r)) residuals.push(r);
    });
  }
  if (residuals.length < MIN_RESIDUALS) {
    throw new AppError("unprocessable", `Too little hourly history before ${actual.timeZone ? `${toPlantIso(origin, actual.timeZone)} (${actual.timeZone})` : new Date(origin).toISOString()} to measure the ${f.name} method's errors (${residuals.length} hours; at least ${MIN_RESIDUALS}, about two weeks of data, are needed)`);
  }
  residuals.sort((a, b) => a - b);
  const expected = f.point(origin, hours);
  const shift = (q: number) => {
    const r = quantile(residuals, q);
    return expected.map((e) => e + r);
  };
  return { expected, lower80: shift(Q.lo80), upper80: shift(Q.hi80), lower95: shift(Q.lo95), upper95: shift(Q.hi95) };
}

/** Weekly origins before a forecast origin at which the empirical intervals' coverage is checked (calibratedBand). */
export const CALIBRATION_ORIGINS = 3;

/**
 * Empirical intervals checked out of sample and widened where they fell short (split conformal
 * calibration of an interval, as in Romano, Patterson & Candès 2019, "Conformalized quantile
 * regression", NeurIPS): at each of the CALIBRATION_ORIGINS weekly origins before `origin`, the
 * empiricalBand given there is scored on the week that followed, s = max(lower − y, y − upper) per
 * hour (> 0 outside the band, kWh); each band is then widened on both sides by A = the
 * level·(1 + 1/n) quantile of its n scores (80 % band: level 0.8; 95 %: 0.95), when A > 0. Never
 * narrowed: three weeks of autocorrelated hours are too few to trust a narrower band than the
 * errors themselves give. An earlier origin with too little history for its own band is left out;
 * under MIN_RESIDUALS scores, no widening. Reads only weeks that ended by the origin. Throws as
 * empiricalBand does.
 */
export function calibratedBand(f: Forecaster, actual: HourlySeries, origin: number, hours: number[]): Band {
  // The same past weeks are forecast for several of the bands below: compute each once.
  const cache = new Map<string, number[]>();
  const memo: Forecaster = {
    name: f.name,
    point: (o, hs) => {
      const key = `${o}:${hs.length}:${hs[0]}`;
      let p = cache.get(key);
      if (!p) cache.set(key, (p = f.point(o, hs)));
      return p;
    },
  };
  const band = empiricalBand(memo, actual, origin, hours);
  const s80: number[] = [];
  const s95: number[] = [];
  for (let j = 1; j <= CALIBRATION_ORIGINS; j++) {
    const o = origin - j * 7 * DAY;
    const past = hoursFrom(o, WEEK_HOURS);
    let b: Band;
    try {
      b = empiricalBand(memo, actual, o, past);
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    past.forEach((t, h) => {
      const y = valueAt(actual, t);
      const score = (lo: number, hi: number) => Math.max(lo - y, y - hi);
      const a = score(b.lower80[h]!, b.upper80[h]!);
      const c = score(b.lower95[h]!, b.upper95[h]!);
      if (!Number.isNaN(a)) s80.push(a);
      if (!Number.isNaN(c)) s95.push(c);
    });
  }
  const widen = (scores: number[], level: number) => {
    if (scores.length < MIN_RESIDUALS) return 0;
    scores.sort((a, b) => a - b);
    return Math.max(0, quantile(scores, Math.min(1, level * (1 + 1 / scores.length))));
  };
  const a80 = widen(s80, 0.8);
  const a95 = widen(s95, 0.95);
  return {
    expected: band.expected,
    lower80: band.lower80.map((v) => v - a80),
    upper80: band.upper80.map((v) => v + a80),
    lower95: band.lower95.map((v) => v - a95),
    upper95: band.upper95.map((v) => v + a95),
  };
}

/** The method's band at an origin: its own intervals or calibrated empirical ones; energy is never below 0. */
export function bandOf(f: Forecaster, actual: HourlySeries, origin: number, hours: number[]): Band {
  const b = f.band ? f.band(origin, hours) : calibratedBand(f, actual, origin, hours);
  const floor = (v: number[]) => v.map((x) => (Number.isNaN(x) ? x : Math.max(0, x)));
  return { expected: floor(b.expected), lower80: floor(b.lower80), upper80: floor(b.upper80), lower95: floor(b.lower95), upper95: floor(b.upper95) };
}

/** Normal-theory band from variances (kWh²): ŷ ± z·σ, z = 1.2816 (80 %), 1.96 (95 %). */
export function normalBand(expected: number[], variance: number[]): Band {
  const sd = variance.map(Math.sqrt);
  return {
    expected,
    lower80: expected.map((e, h) => e - 1.2816 * sd[h]!),
    upper80: expected.map((e, h) => e + 1.2816 * sd[h]!),
    lower95: expected.map((e, h) => e - 1.96 * sd[h]!),
    upper95: expected.map((e, h) => e + 1.96 * sd[h]!),
  };
}

/** A forecaster that sums others hour by hour (a plant of machines); NaN where any is NaN. */
export function sumForecaster(name: ScoredMethod, parts: Forecaster[]): Forecaster {
  return {
    name,
    point(origin, hours) {
      const out = new Array<number>(hours.length).fill(0);
      for (const f of parts) f.point(origin, hours).forEach((v, h) => (out[h]! += v));
      return out;
    },
  };
}

/** Series summed hour by hour (NaN where any is NaN): a plant's actuals from its machines'. */
export function sumSeries(series: HourlySeries[], start: number, end: number): HourlySeries {
  const n = Math.round((end - start) / HOUR);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const s of series) values[i]! += valueAt(s, start + i * HOUR);
  return { start, values };
}
