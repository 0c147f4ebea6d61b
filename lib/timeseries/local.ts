import { TZDate, tzOffset } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";

// The plant's local calendar: days, ISO weeks and months start at the site's local midnight
// (DST-correct: a local day lasts 23, 24 or 25 hours). The database does the same with
// date_trunc(unit, timestamptz, zone); tests hold the two to the same boundaries.

export const calendarUnits = ["day", "week", "month"] as const;
export type CalendarUnit = (typeof calendarUnits)[number];

/** Start (epoch ms) of the local day, ISO week (Monday) or month that contains `ms` in `tz`. */
export function localFloor(ms: number, unit: CalendarUnit, tz: string): number {
  const d = new TZDate(ms, tz);
  const start = unit === "day" ? startOfDay(d) : unit === "week" ? startOfISOWeek(d) : startOfMonth(d);
  return start.getTime();
}

/** The first local bucket start at or after `ms`. */
export function localCeil(ms: number, unit: CalendarUnit, tz: string): number {
  const floor = localFloor(ms, unit, tz);
  return floor === ms ? ms : nextLocal(floor, unit, tz);
}

/** The start of the local bucket after the one starting at `start`. */
export function nextLocal(start: number, unit: CalendarUnit, tz: string): number {
  const d = new TZDate(start, tz);
  const next = unit === "day" ? addDays(d, 1) : unit === "week" ? addWeeks(d, 1) : addMonths(d, 1);
  // Re-floor: adding a day to a midnight that a DST change skipped lands an hour off.
  return localFloor(next.getTime(), unit, tz);
}

/** Local bucket starts in [from, to): every bucket that starts there (each one whole). */
export function localStarts(from: number, to: number, unit: CalendarUnit, tz: string): number[] {
  const out: number[] = [];
  for (let t = localCeil(from, unit, tz); t < to; t = nextLocal(t, unit, tz)) out.push(t);
  return out;
}

/**
 * Whether the zone's UTC offset is a whole number of hours throughout [from, to] (sampled at
 * every UTC day, which catches every change of offset): then local days are unions of UTC hours,
 * otherwise (India +05:30, Nepal +05:45, …) of quarter hours.
 */
export function wholeHourOffsets(tz: string, from: number, to: number): boolean {
  const day = 86_400_000;
  for (let t = from; t <= to + day; t += day) {
    if (tzOffset(tz, new Date(Math.min(t, to))) % 60 !== 0) return false;
  }
  return true;
}
