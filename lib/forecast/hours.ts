import { offsetMinutes, localParts } from "@/lib/analytics/drivers/calendar";

// Hourly series on UTC hours (every zone's local hours except half-hour-offset zones), and the
// plant-calendar lags the seasonal methods read: "the same hour a week earlier" is the same plant
// wall-clock time seven days before, which is 167 or 169 hours back across a clock change.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WEEK_HOURS = 168;

/** Hourly values from `start` (epoch ms on a whole hour): values[i] is the hour start + i h; NaN where unknown. */
export interface HourlySeries {
  start: number;
  values: Float64Array;
  /** The plant's time zone, for the times in messages about the series (UTC ISO without it). */
  timeZone?: string;
}

/** The value of the hour starting at `ms`, NaN outside the series or where unknown. */
export function valueAt(s: HourlySeries, ms: number): number {
  const i = (ms - s.start) / HOUR;
  return Number.isInteger(i) && i >= 0 && i < s.values.length ? s.values[i]! : Number.NaN;
}

/** The instant with the same plant wall-clock time `days` days earlier (DST-correct). */
export function sameLocalTimeBefore(ms: number, days: number, timeZone: string): number {
  const s0 = ms - days * DAY;
  return s0 + (offsetMinutes(timeZone, ms) - offsetMinutes(timeZone, s0)) * 60_000;
}

/** Weekday (Mon–Fri) or weekend, by the plant's calendar. */
export function isWeekendAt(ms: number, timeZone: string): boolean {
  const w = localParts(ms, timeZone).weekday;
  return w === 0 || w === 6;
}

/** The hours [origin, origin + horizon h) as epoch ms. */
export function hoursFrom(origin: number, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, h) => origin + h * HOUR);
}

export function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Empirical quantile (linear interpolation between order statistics, Hyndman–Fan type 7, as R's default). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
