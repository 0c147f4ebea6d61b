import { isWeekendAt, median, sameLocalTimeBefore, valueAt, type HourlySeries } from "./hours";

// Seasonal forecasts from the hourly history alone, both on the plant's calendar.
//
// Persistence (the reference every method must beat): the same plant hour a week earlier.
// Seasonal-naive ensemble (method "seasonal"): the mean of two medians,
//  - weekly: the same plant hour of week over the last 4 weeks (weekly seasonality, which holds
//    the daily one);
//  - daily: the same plant hour over the last 5 days of the same day type (weekday or weekend),
//    which follows a change of level within the last week sooner.
// Medians, so one holiday or anomaly in the window does not move the forecast. Both only read
// hours before the origin; a forecast hour neither can fill falls back to the median of the same
// plant hour over the last 28 days.

export const ENSEMBLE_WEEKS = 4;
export const ENSEMBLE_DAYS = 5;

/** Persistence: per hour, the value of the same plant hour one week earlier (NaN where unknown). */
export function persistenceForecast(history: HourlySeries, hours: number[], origin: number, timeZone: string): number[] {
  return hours.map((t) => {
    const s = sameLocalTimeBefore(t, 7, timeZone);
    return s < origin ? valueAt(history, s) : Number.NaN;
  });
}

/** The seasonal-naive ensemble (see above) for each hour; NaN only where 28 days hold no value of that hour. */
export function seasonalForecast(history: HourlySeries, hours: number[], origin: number, timeZone: string): number[] {
  return hours.map((t) => {
    const weekly: number[] = [];
    for (let k = 1; k <= ENSEMBLE_WEEKS + 1 && weekly.length < ENSEMBLE_WEEKS; k++) {
      const s = sameLocalTimeBefore(t, 7 * k, timeZone);
      if (s < origin) weekly.push(valueAt(history, s));
    }
    const weekend = isWeekendAt(t, timeZone);
    const daily: number[] = [];
    const anyDay: number[] = [];
    for (let d = 1; d <= 28; d++) {
      const s = sameLocalTimeBefore(t, d, timeZone);
      if (s >= origin) continue;
      const v = valueAt(history, s);
      anyDay.push(v);
      if (daily.length < ENSEMBLE_DAYS && isWeekendAt(s, timeZone) === weekend && !Number.isNaN(v)) daily.push(v);
    }
    const members = [median(weekly), median(daily)].filter((v) => !Number.isNaN(v));
    return members.length > 0 ? members.reduce((a, b) => a + b, 0) / members.length : median(anyDay);
  });
}
