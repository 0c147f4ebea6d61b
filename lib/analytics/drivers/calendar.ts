import { tzOffset } from "@date-fns/tz";

const DAY = 86_400_000;
const offsetCache = new Map<string, number | null>();

/**
 * The zone's UTC offset in minutes at `ms`. tzOffset asks Intl and costs microseconds; a year of
 * hourly buckets asks 8,760 times. The offset is cached per zone and UTC day when it is the same
 * at both ends of the day (a day with a DST change is computed per instant).
 */
export function offsetMinutes(timeZone: string, ms: number): number {
  const day = Math.floor(ms / DAY);
  const key = `${timeZone}|${day}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    const a = tzOffset(timeZone, new Date(day * DAY));
    const b = tzOffset(timeZone, new Date(day * DAY + DAY - 1));
    cached = a === b ? a : null;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, cached);
  }
  return cached ?? tzOffset(timeZone, new Date(ms));
}

/** Local wall-clock parts of an instant in a time zone (DST-correct). */
export function localParts(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; weekday: number; dayKey: string } {
  const local = new Date(ms + offsetMinutes(timeZone, ms) * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  return {
    year,
    month,
    day,
    hour: local.getUTCHours(),
    weekday: local.getUTCDay(),
    dayKey: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  };
}

/** Calendar driver values of one hour (or quarter hour) starting at `ms`. */
export function calendarValues(ms: number, timeZone: string): { is_weekend: number; shift_early: number; shift_late: number; shift_night: number; hour_of_week: number } {
  const p = localParts(ms, timeZone);
  const weekend = p.weekday === 0 || p.weekday === 6;
  const night = p.hour >= 22 || p.hour < 6;
  return {
    is_weekend: weekend ? 1 : 0,
    shift_early: !weekend && p.hour >= 6 && p.hour < 14 ? 1 : 0,
    shift_late: !weekend && p.hour >= 14 && p.hour < 22 ? 1 : 0,
    shift_night: night ? 1 : 0,
    // Monday 00:00 = 0 … Sunday 23:00 = 167 (a 15-minute bucket takes its hour's index).
    hour_of_week: ((p.weekday + 6) % 7) * 24 + p.hour,
  };
}

/** The key of the aggregated bucket an instant falls in: local day, ISO week (Monday) or month. */
export function bucketKey(ms: number, granularity: "daily" | "weekly" | "monthly", timeZone: string): string {
  const p = localParts(ms, timeZone);
  if (granularity === "daily") return p.dayKey;
  if (granularity === "monthly") return `${p.year}-${String(p.month).padStart(2, "0")}`;
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - ((p.weekday + 6) % 7)));
  return `W${monday.toISOString().slice(0, 10)}`;
}
