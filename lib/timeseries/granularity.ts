import type { Level } from "./definitions";
import type { CalendarUnit } from "./local";

// One name set for bucket widths in every API (series, baselines, and what builds on them).
// Sub-daily buckets are fixed lengths aligned to UTC quarter hours and hours (every zone's local
// hours and quarter hours are the same instants); days, weeks and months are the site's local
// calendar. The spellings of the first series API (1hour, 1day) are accepted as aliases.

export const granularities = ["1min", "15min", "hourly", "daily", "weekly", "monthly"] as const;
export type Granularity = (typeof granularities)[number];

export const granularityAliases: Record<string, Granularity> = {
  minute: "1min",
  "1minute": "1min",
  "15minutes": "15min",
  hour: "hourly",
  "1hour": "hourly",
  "1h": "hourly",
  day: "daily",
  "1day": "daily",
  "1d": "daily",
  week: "weekly",
  "1week": "weekly",
  month: "monthly",
  "1month": "monthly",
};

/** The canonical name of a granularity or one of its aliases; undefined if neither. */
export function canonicalGranularity(name: string): Granularity | undefined {
  const n = name.trim().toLowerCase();
  return (granularities as readonly string[]).includes(n) ? (n as Granularity) : granularityAliases[n];
}

/** The rollup level that holds a fixed-length granularity. */
export const fixedLevel: Partial<Record<Granularity, Level>> = { "1min": "1min", "15min": "15min", hourly: "1hour" };

/** The local calendar unit of a calendar granularity. */
export const calendarUnit: Partial<Record<Granularity, CalendarUnit>> = { daily: "day", weekly: "week", monthly: "month" };

/** Nominal length in ms (months as 30.44 days): for sizing requests, never for sums. */
export const nominalMs: Record<Granularity, number> = {
  "1min": 60_000,
  "15min": 900_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30.44 * 86_400_000,
};

/** `auto`: the finest granularity that keeps a chart under ~1,500 points. */
export function autoGranularity(from: Date, to: Date): Granularity {
  const span = to.getTime() - from.getTime();
  for (const g of granularities) if (span / nominalMs[g] <= 1500) return g;
  return "monthly";
}
