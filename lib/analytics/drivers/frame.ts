import type { Queryable } from "@/lib/db/types";
import { getSeries, seriesPoints, type SeriesPoint } from "@/lib/timeseries/series";
import type { Metric } from "@/lib/timeseries/metrics";
import { bucketKey, calendarValues } from "./calendar";
import { DEFAULT_CDD_BASE_C, DEFAULT_HDD_BASE_C, type Granularity } from "./catalogue";

// The modelling frame: energy (y) and driver values per bucket of the chosen granularity, read
// from the 15-minute or hourly rollups. Coarser buckets are local days, ISO weeks and months of
// the plant's time zone, aggregated here from hourly rows (sums add, averages average over the
// hours present). What is dropped, and why, is counted, never hidden.

export interface FrameRequest {
  machineId: string;
  start: Date;
  end: Date;
  granularity: Granularity;
  drivers: string[];
  timeZone: string;
  hddBaseC?: number;
  cddBaseC?: number;
  /** Drop buckets in which the machine never ran (running_hours = 0). */
  excludeDowntime?: boolean;
  /** A coarse bucket needs this share of its hours present (default 0.9). */
  minHourShare?: number;
  /**
   * Keep buckets that have energy but lack some drivers, with NaN for those values (driver
   * selection measures each candidate's coverage itself).
   */
  keepIncomplete?: boolean;
  /** Also return each bucket's row temperatures and sum scale (degree-day base search). */
  keepTemperatures?: boolean;
}

export interface Frame {
  times: string[];
  y: number[];
  /** Driver name → values aligned with y. */
  X: Record<string, number[]>;
  /** Buckets the window holds, with data or not. */
  expectedBuckets: number;
  dropped: { missingEnergy: number; missingDrivers: Record<string, number>; downtime: number; incomplete: number };
  /** With keepTemperatures: per bucket, the outdoor temperatures of its rows and the factor its sums were scaled by. */
  temperatures?: number[][];
  scales?: number[];
  hoursPerRow: number;
}

type Row = Record<string, number | null>;

const metricsFor = (drivers: string[], downtime: boolean): Metric[] => {
  const m = new Set<Metric>(downtime ? ["energy", "production"] : ["energy"]);
  for (const d of drivers) {
    if (["total_production_count", "avg_throughput", "running_hours"].includes(d)) m.add("production");
    if (["avg_outdoor_temp_c", "hdd", "cdd"].includes(d)) m.add("outdoor_temp");
    if (d === "avg_pressure_bar") m.add("pressure");
    if (d === "avg_humidity_pct") m.add("humidity");
    if (d === "avg_indoor_temp_c") m.add("indoor_temp");
  }
  return [...m];
};

const calendarDrivers = new Set(["is_weekend", "shift_early", "shift_late", "shift_night", "hour_of_week"]);
const calendarNeeded = new WeakMap<string[], boolean>();
/** Calendar values cost a time-zone lookup per bucket: only when a calendar driver is asked for. */
function needsCalendar(drivers: string[]): boolean {
  let v = calendarNeeded.get(drivers);
  if (v === undefined) calendarNeeded.set(drivers, (v = drivers.some((d) => calendarDrivers.has(d))));
  return v;
}

function baseRow(p: SeriesPoint, hours: number, ms: number, req: FrameRequest): Row {
  const t = p.avg_outdoor_temp_c as number | null | undefined;
  const num = (k: string) => (typeof p[k] === "number" ? (p[k]) : null);
  const cal = needsCalendar(req.drivers) ? calendarValues(ms, req.timeZone) : {};
  const hddBase = req.hddBaseC ?? DEFAULT_HDD_BASE_C;
  const cddBase = req.cddBaseC ?? DEFAULT_CDD_BASE_C;
  return {
    y: num("total_energy_kwh"),
    total_production_count: num("total_production_count"),
    avg_throughput: num("avg_throughput"),
    running_hours: p.running_minutes === null || p.running_minutes === undefined ? null : (p.running_minutes as number) / 60,
    avg_outdoor_temp_c: t ?? null,
    avg_indoor_temp_c: num("avg_indoor_temp_c"),
    avg_pressure_bar: num("avg_pressure_bar"),
    avg_humidity_pct: num("avg_humidity_pct"),
    hdd: t === null || t === undefined ? null : (Math.max(0, hddBase - t) * hours) / 24,
    cdd: t === null || t === undefined ? null : (Math.max(0, t - cddBase) * hours) / 24,
    ...cal,
  };
}

const summed = new Set(["y", "total_production_count", "running_hours", "hdd", "cdd"]);

export async function buildFrame(db: Queryable, req: FrameRequest): Promise<Frame> {
  const level = req.granularity === "15min" ? "15min" : "hourly";
  const stepMs = level === "15min" ? 900_000 : 3_600_000;
  const series = await getSeries(db, { machineIds: [req.machineId], metrics: metricsFor(req.drivers, req.excludeDowntime === true), from: req.start, to: req.end, bucket: level });
  const points = seriesPoints(series.series[0], series.columns);
  const times = series.series[0]?.times ?? [];
  const first = Math.ceil(req.start.getTime() / stepMs) * stepMs;
  const hours = stepMs / 3_600_000;
  if (req.granularity === "15min" || req.granularity === "hourly") return fineFrame(req, points, times, first, stepMs, hours);
  const byTime = new Map(points.map((p, i) => [times[i]!, p]));

  // Group base rows into local days, weeks or months.
  const groups = new Map<string, { start: number; rows: (Row | null)[] }>();
  for (let ms = first; ms < req.end.getTime(); ms += stepMs) {
    const p = byTime.get(ms);
    const row = p ? baseRow(p, hours, ms, req) : null;
    const key = bucketKey(ms, req.granularity, req.timeZone);
    const g = groups.get(key) ?? { start: ms, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  }

  const frame: Frame = { times: [], y: [], X: Object.fromEntries(req.drivers.map((d) => [d, []])), expectedBuckets: groups.size, dropped: { missingEnergy: 0, missingDrivers: {}, downtime: 0, incomplete: 0 }, hoursPerRow: hours };
  if (req.keepTemperatures) [frame.temperatures, frame.scales] = [[], []];
  const minShare = req.minHourShare ?? 0.9;
  for (const g of groups.values()) {
    const needed = req.keepIncomplete ? [] : req.drivers;
    const complete = g.rows.filter((r): r is Row => r !== null && r.y !== null && needed.every((d) => r[d] !== null && r[d] !== undefined));
    if (complete.length === 0 || complete.length < minShare * g.rows.length) {
      const present = g.rows.filter((r): r is Row => r !== null && r.y !== null);
      if (present.length === 0) frame.dropped.missingEnergy += 1;
      else {
        const missing = req.drivers.find((d) => present.some((r) => r[d] === null || r[d] === undefined));
        if (missing && complete.length === 0) frame.dropped.missingDrivers[missing] = (frame.dropped.missingDrivers[missing] ?? 0) + 1;
        else frame.dropped.incomplete += 1;
      }
      continue;
    }
    // Sums scale to the whole bucket when a few hours are missing; averages and shares do not.
    const scale = g.rows.length / complete.length;
    const value = (k: string) => {
      let total = 0;
      let count = 0;
      for (const r of complete) {
        const v = r[k];
        if (v === null || v === undefined) continue;
        total += v;
        count += 1;
      }
      if (count < complete.length) return Number.NaN;
      return summed.has(k) ? total * scale : total / complete.length;
    };
    if (req.excludeDowntime && value("running_hours") === 0) {
      frame.dropped.downtime += 1;
      continue;
    }
    frame.times.push(new Date(g.start).toISOString());
    frame.y.push(value("y"));
    frame.temperatures?.push(complete.map((r) => r.avg_outdoor_temp_c ?? Number.NaN));
    frame.scales?.push(scale);
    for (const d of req.drivers) {
      // Calendar shares of coarse buckets average to the share of hours.
      frame.X[d]!.push(value(d));
    }
  }
  return frame;
}

/** Hourly and 15-minute frames: one bucket per rollup row, no grouping. */
function fineFrame(req: FrameRequest, points: SeriesPoint[], times: number[], first: number, stepMs: number, hours: number): Frame {
  const end = req.end.getTime();
  const expected = Math.max(0, Math.ceil((end - first) / stepMs));
  const frame: Frame = { times: [], y: [], X: Object.fromEntries(req.drivers.map((d) => [d, []])), expectedBuckets: expected, dropped: { missingEnergy: 0, missingDrivers: {}, downtime: 0, incomplete: 0 }, hoursPerRow: hours };
  if (req.keepTemperatures) [frame.temperatures, frame.scales] = [[], []];
  const columns = req.drivers.map((d) => frame.X[d]!);
  let seen = 0;
  for (let i = 0; i < points.length; i++) {
    const ms = times[i]!;
    if (ms < first || ms >= end || (ms - first) % stepMs !== 0) continue;
    const row = baseRow(points[i]!, hours, ms, req);
    const y = row.y;
    if (y === null || y === undefined) continue;
    seen += 1;
    if (!req.keepIncomplete) {
      const missing = req.drivers.find((d) => row[d] === null || row[d] === undefined);
      if (missing !== undefined) {
        frame.dropped.missingDrivers[missing] = (frame.dropped.missingDrivers[missing] ?? 0) + 1;
        continue;
      }
    }
    if (req.excludeDowntime && row.running_hours === 0) {
      frame.dropped.downtime += 1;
      continue;
    }
    frame.times.push(points[i]!.time);
    frame.y.push(y);
    frame.temperatures?.push([row.avg_outdoor_temp_c ?? Number.NaN]);
    frame.scales?.push(1);
    for (let j = 0; j < req.drivers.length; j++) {
      const v = row[req.drivers[j]!];
      columns[j]!.push(v === null || v === undefined ? Number.NaN : v);
    }
  }
  frame.dropped.missingEnergy = expected - seen;
  return frame;
}
