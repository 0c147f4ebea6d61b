import { AppError } from "@/lib/errors";
import { localCeil, nextLocal } from "@/lib/timeseries/local";
import type { KpiGranularity } from "@/lib/validation/kpi";
import { formatPlantPeriod } from "@/lib/time/plant-time";

// The buckets a KPI request reports: the site's local days, ISO weeks and months, or fixed 15-minute
// and hourly buckets (UTC-aligned, as the series API's), each whole and starting in the period
// asked for; or, for the summary, the whole period as one bucket. Figures are built from hourly
// rollup rows (quarter hours for 15-minute buckets and in zones with :30/:45 offsets), so the
// period's ends are snapped inwards to those.

export type KpiBucketing = KpiGranularity | "period";

export interface KpiWindow {
  granularity: KpiBucketing;
  timeZone: string;
  /** Bucket starts, epoch ms, ascending; ends[i] is where bucket i stops. */
  starts: number[];
  ends: number[];
  /**
   * The rollup level read: 1hour, or 15min (15-minute buckets, zones with :30/:45 offsets), or
   * 1day where nothing depends on the hour (readFigures decides).
   */
  level: "15min" | "1hour" | "1day";
}

const QUARTER = 900_000;
const HOUR = 3_600_000;
const unitOf = { daily: "day", weekly: "week", monthly: "month" } as const;

const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;
const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

/** The whole buckets of a period; AppError 400 when it holds none. */
export function kpiWindow(from: number, to: number, granularity: KpiBucketing, timeZone: string, wholeHours: boolean): KpiWindow {
  const level = granularity === "15min" || !wholeHours ? "15min" : "1hour";
  const step = level === "15min" ? QUARTER : HOUR;
  const starts: number[] = [];
  const ends: number[] = [];
  if (granularity === "period") {
    const a = ceilTo(from, step);
    const b = floorTo(to, step);
    if (a < b) [starts[0], ends[0]] = [a, b];
  } else if (granularity === "15min" || granularity === "hourly") {
    const w = granularity === "15min" ? QUARTER : HOUR;
    for (let t = ceilTo(from, w); t + w <= to; t += w) [starts[starts.length], ends[ends.length]] = [t, t + w];
  } else {
    const unit = unitOf[granularity];
    for (let t = localCeil(from, unit, timeZone); ; ) {
      const next = nextLocal(t, unit, timeZone);
      if (next > to) break;
      starts.push(t);
      ends.push(next);
      t = next;
    }
  }
  if (starts.length === 0) {
    const what = granularity === "period" ? `whole ${level === "1hour" ? "hour" : "quarter hour"}` : `whole ${granularity} bucket (local calendar, ${timeZone})`;
    throw new AppError("bad_request", `The period ${formatPlantPeriod(from, to, timeZone)} holds no ${what}; widen it or choose a finer granularity`, {
      errors: [{ field: "end_date", message: `the period holds no ${what}` }],
    });
  }
  return { granularity, timeZone, starts, ends, level };
}

/** Whether the window runs from a local midnight to a local midnight (the 1day rollup can serve it). */
export function wholeLocalDays(w: KpiWindow): boolean {
  const a = w.starts[0]!;
  const b = w.ends.at(-1)!;
  return localCeil(a, "day", w.timeZone) === a && localCeil(b, "day", w.timeZone) === b;
}

/** The index of the bucket holding instant `ms`, or -1 (binary search over the starts). */
export function bucketIndex(w: KpiWindow, ms: number): number {
  let lo = 0;
  let hi = w.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ms < w.starts[mid]!) hi = mid - 1;
    else if (ms >= w.ends[mid]!) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The SQL expression of a rollup row's KPI bucket (its start), for grouping in the database. */
export function bucketSql(w: KpiWindow, column: string, startParam: string, zoneParam: string): string {
  switch (w.granularity) {
    case "period":
      return `${startParam}::timestamptz`;
    case "15min":
      return column;
    case "hourly":
      return w.level === "1hour" ? column : `date_trunc('hour', ${column})`;
    case "daily":
      return w.level === "1day" ? column : `date_trunc('day', ${column}, ${zoneParam})`;
    default:
      return `date_trunc('${unitOf[w.granularity]}', ${column}, ${zoneParam})`;
  }
}
