import ARIMA from "arima";
import { HOUR, median, sameLocalTimeBefore, valueAt, type HourlySeries } from "./hours";
import { localParts } from "@/lib/analytics/drivers/calendar";

// SARIMA through the `arima` package (ctsa compiled to WebAssembly). A seasonal period of 168
// hours is out of reach (one fit of SARIMA(1,0,0)(0,1,1)₁₆₈ on 4 weeks took 240 s here), so the
// weekly shape is taken out first: the series minus its plant hour-of-week profile (median over
// the last 4 weeks) is modelled as SARIMA(1,0,0)(1,0,0)₂₄ over the last 3 weeks, and the forecast
// is the profile plus the modelled remainder. (Richer orders, (1,0,1)(1,0,1)₂₄, fitted explosive
// forecast variances on smooth synthetic series; this one stays stable.) Interval variance = the
// model's own forecast-error variance + the profile's: a median of n values of variance s² has
// variance ≈ πs²/(2n) (its asymptotic variance under normality), s² the remainder's variance.
// Normal quantiles; the backtest's coverage shows how far that holds.

export const ARIMA_ORDER = { p: 1, d: 0, q: 0, P: 1, D: 0, Q: 0, s: 24 } as const;
const FIT_DAYS = 21;
const PROFILE_WEEKS = 4;

export interface ArimaForecast {
  expected: number[];
  /** Forecast-error variance of each hour (kWh²). */
  variance: number[];
}

/** Hour of week (0 = Monday 00:00) of an instant in plant time. */
function hourOfWeek(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return ((p.weekday + 6) % 7) * 24 + p.hour;
}

/** The plant hour-of-week profile: per hour of week, the median of the last 4 weeks before the origin. */
function weeklyProfile(history: HourlySeries, origin: number, timeZone: string): Float64Array {
  const byHow: number[][] = Array.from({ length: 168 }, () => []);
  for (let t = sameLocalTimeBefore(origin, 7 * PROFILE_WEEKS, timeZone); t < origin; t += HOUR) byHow[hourOfWeek(t, timeZone)]!.push(valueAt(history, t));
  const overall = median(byHow.flat());
  return Float64Array.from(byHow, (v) => {
    const m = median(v);
    return Number.isNaN(m) ? overall : m;
  });
}

/**
 * SARIMA forecast of `hours` (consecutive, starting at `origin`) from the history before the
 * origin. Throws when the history holds no value in the fitting window.
 */
export function arimaForecast(history: HourlySeries, hours: number[], origin: number, timeZone: string): ArimaForecast {
  const profile = weeklyProfile(history, origin, timeZone);
  const remainder: number[] = [];
  for (let t = origin - FIT_DAYS * 24 * HOUR; t < origin; t += HOUR) {
    const v = valueAt(history, t);
    remainder.push(Number.isNaN(v) ? Number.NaN : v - profile[hourOfWeek(t, timeZone)]!);
  }
  if (remainder.every(Number.isNaN)) throw new Error("no history to fit SARIMA on");
  // A gap is the profile's value (remainder 0): the package itself would carry the last value forward.
  const ts = remainder.map((v) => (Number.isNaN(v) ? 0 : v));
  const present = remainder.filter((v) => !Number.isNaN(v));
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const profileVariance = (Math.PI / (2 * PROFILE_WEEKS)) * (present.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, present.length - 1));
  const model = new ARIMA({ ...ARIMA_ORDER, verbose: false }).train(ts);
  try {
    const [pred, variance] = model.predict(hours.length);
    return {
      expected: hours.map((t, h) => profile[hourOfWeek(t, timeZone)]! + (pred[h] ?? 0)),
      variance: hours.map((_, h) => Math.max(0, variance[h] ?? Number.NaN) + profileVariance),
    };
  } finally {
    model.destroy();
  }
}
