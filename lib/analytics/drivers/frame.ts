import type { Queryable } from "@/lib/db/types";
import { getSeries, granularityTooFine, type MachineSeries } from "@/lib/timeseries/series";
import type { Metric } from "@/lib/timeseries/metrics";
import { localCeil, nextLocal, wholeHourOffsets, type CalendarUnit } from "@/lib/timeseries/local";
import { AppError } from "@/lib/errors";
import { calendarValues } from "./calendar";
import { DEFAULT_CDD_BASE_C, DEFAULT_HDD_BASE_C, type Granularity } from "./catalogue";
import { fillShortGaps, MAX_TEMPERATURE_GAP_HOURS } from "./gaps";
import { calendarise, readPeriods, type PeriodReading } from "./periods";
import { isoUtc } from "@/lib/timeseries/iso";
import { formatPlantPeriod } from "@/lib/time/plant-time";

// The modelling frame: energy (y) and driver values per whole bucket of the chosen granularity,
// read from the 15-minute or hourly rollups. Days, ISO weeks and months are the plant's local
// calendar, grouped here from hourly (or, in zones with half-hour offsets, quarter-hour) rows.
//
// Coverage: a bucket is used when its readings cover at least MIN_COVERAGE of its length
// (covered time, not rows present: a day that kept one of four 15-minute readings an hour is
// 25 % covered). Its energy is then read as a rate over the covered time.
//
// Bucket length is data (23/25-hour days, 28–31-day months), so daily and coarser frames are
// daily RATES: y in kWh per day, summed drivers (production, running hours, degree-days) per day,
// averages and shares as they are. `exposure` turns a rate back into the bucket's energy
// (days in the bucket); for 15-minute and hourly frames y is kWh per bucket and exposure 1.
// What is dropped, and why, is counted, never hidden.

/** A bucket is used when its readings cover this share of it (and each driver this share of its rows). */
export const MIN_COVERAGE = 0.9;

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
  /** The share of a bucket its readings (and each driver's rows) must cover (default MIN_COVERAGE). */
  minCoverage?: number;
  /**
   * Keep buckets that have energy but lack some drivers, with NaN for those values (driver
   * selection measures each candidate's coverage itself).
   */
  keepIncomplete?: boolean;
  /** Also return each bucket's row temperatures and sum scale (degree-day base search). */
  keepTemperatures?: boolean;
}

export type DropReason = "missing_energy" | "incomplete_energy" | "missing_driver_data" | "downtime";

export interface DroppedBucket {
  /** The bucket [start, end), epoch ms. */
  start: number;
  end: number;
  /** Metered energy of the bucket (kWh; readings that cover only part of it count what they hold). */
  energyKwh: number;
  reason: DropReason;
  /** missing_driver_data: the first driver the bucket lacks. */
  driver?: string;
}

export interface Frame {
  times: string[];
  /** kWh per bucket (15min, hourly) or kWh per day (daily and coarser). */
  y: number[];
  yUnit: "kWh" | "kWh/d";
  /** Per bucket: the factor from y to the bucket's energy (its length in days, or 1). */
  exposure: number[];
  /** Per bucket: the metered energy (kWh) and the share of the bucket its readings cover. */
  metered: number[];
  coverage: number[];
  /** Driver name → values aligned with y. */
  X: Record<string, number[]>;
  /** Whole buckets the window holds, with data or not. */
  expectedBuckets: number;
  /** The whole buckets used: the request's window snapped inwards to bucket boundaries. */
  window: { start: string; end: string };
  dropped: { missingEnergy: number; missingDrivers: Record<string, number>; downtime: number; incomplete: number };
  /** Every whole bucket of the window left out, with its metered energy (kWh) and why. */
  droppedBuckets: DroppedBucket[];
  /** Monthly buckets whose energy was calendarised from bills pro rata by days. */
  calendarised?: boolean;
  /** Hourly temperatures filled by interpolation (gaps of at most MAX_TEMPERATURE_GAP_HOURS). */
  interpolatedTemperatureHours: number;
  /** With keepTemperatures: per bucket, the outdoor temperatures of its rows and the factor its degree-day sums are scaled by. */
  temperatures?: number[][];
  scales?: number[];
  hoursPerRow: number;
}

/** The rollup columns drivers are computed from (others of their metrics are not read). */
const FRAME_COLUMNS = ["total_energy_kwh", "avg_outdoor_temp_c", "total_production_count", "avg_throughput", "running_minutes", "avg_indoor_temp_c", "avg_pressure_bar", "avg_humidity_pct"];

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
const temperatureDrivers = new Set(["avg_outdoor_temp_c", "hdd", "cdd"]);
const summedDrivers = new Set(["total_production_count", "running_hours"]);
const columnOf: Record<string, string> = {
  total_production_count: "total_production_count",
  avg_throughput: "avg_throughput",
  running_hours: "running_minutes",
  avg_indoor_temp_c: "avg_indoor_temp_c",
  avg_pressure_bar: "avg_pressure_bar",
  avg_humidity_pct: "avg_humidity_pct",
};

/** The rows of the grid: every row time of the window, and the series' values at them (NaN where absent). */
interface Grid {
  start: number;
  step: number;
  n: number;
  col: (name: string) => Float64Array;
}

function gridOf(series: MachineSeries | undefined, start: number, end: number, step: number): Grid {
  const n = Math.max(0, Math.round((end - start) / step));
  const cache = new Map<string, Float64Array>();
  const col = (name: string) => {
    let out = cache.get(name);
    if (!out) {
      out = new Float64Array(n).fill(Number.NaN);
      const values = series?.values[name];
      if (series && values) {
        for (let i = 0; i < series.times.length; i++) {
          const k = (series.times[i]! - start) / step;
          const v = values[i];
          if (k >= 0 && k < n && Number.isInteger(k) && v !== null && v !== undefined) out[k] = v;
        }
      }
      cache.set(name, out);
    }
    return out;
  };
  return { start, step, n, col };
}

/** A bucket [from, to) and its energy from whichever source suits the readings. */
interface BucketEnergy {
  from: number;
  to: number;
  kwh: number;
  /** Share of the bucket the readings cover (0…1). */
  coverage: number;
}

/** The whole buckets of the request's window (for billing periods: the readings' own periods). */
function bucketBounds(req: FrameRequest, unit: CalendarUnit | null, step: number): number[] {
  const starts: number[] = [];
  if (unit === null) {
    const last = Math.floor(req.end.getTime() / step) * step;
    for (let t = Math.ceil(req.start.getTime() / step) * step; t <= last; t += step) starts.push(t);
  } else {
    for (let t = localCeil(req.start.getTime(), unit, req.timeZone); t <= req.end.getTime(); t = nextLocal(t, unit, req.timeZone)) starts.push(t);
  }
  return starts;
}

/**
 * Builds the frame of a machine over the whole buckets of [start, end). Throws AppError 400
 * when the machine's readings are longer than the buckets asked for (monthly frames calendarise
 * bills instead; billing_period frames need readings of a day or longer).
 */
export async function buildFrame(db: Queryable, req: FrameRequest): Promise<Frame> {
  const g = req.granularity;
  const unit: CalendarUnit | null = g === "daily" ? "day" : g === "weekly" ? "week" : g === "monthly" ? "month" : null;
  const perDay = unit !== null || g === "billing_period";
  const step = !perDay ? (g === "15min" ? 900_000 : 3_600_000) : wholeHourOffsets(req.timeZone, req.start.getTime(), req.end.getTime()) ? 3_600_000 : 900_000;
  let bounds: [number, number][];
  let periods: PeriodReading[] | null = null;
  if (g === "billing_period") {
    periods = (await readPeriods(db, req.machineId, req.start, req.end)).filter((p) => p.from >= req.start.getTime() && p.to <= req.end.getTime());
    bounds = periods.map((p) => [p.from, p.to]);
  } else {
    const starts = bucketBounds(req, unit, step);
    bounds = starts.slice(0, -1).map((t, i) => [t, starts[i + 1]!]);
  }
  const windowStart = bounds[0]?.[0] ?? req.start.getTime();
  const windowEnd = bounds.at(-1)?.[1] ?? windowStart;
  const frame: Frame = {
    times: [],
    y: [],
    yUnit: perDay ? "kWh/d" : "kWh",
    exposure: [],
    metered: [],
    coverage: [],
    X: Object.fromEntries(req.drivers.map((d) => [d, []])),
    expectedBuckets: bounds.length,
    window: { start: new Date(windowStart).toISOString(), end: new Date(windowEnd).toISOString() },
    dropped: { missingEnergy: 0, missingDrivers: {}, downtime: 0, incomplete: 0 },
    droppedBuckets: [],
    interpolatedTemperatureHours: 0,
    hoursPerRow: step / 3_600_000,
  };
  if (req.keepTemperatures) [frame.temperatures, frame.scales] = [[], []];
  if (bounds.length === 0) {
    if (g === "billing_period") throw noPeriods(req);
    return frame;
  }
  // Grid rows are aligned to the step: the window widened to whole rows, and by the longest
  // temperature gap filled on each side, so a gap at the window's edge is filled like any other.
  const usesTemperature = req.drivers.some((d) => temperatureDrivers.has(d));
  const margin = usesTemperature ? MAX_TEMPERATURE_GAP_HOURS * 3_600_000 : 0;
  const gridStart = Math.floor((windowStart - margin) / step) * step;
  const gridEnd = Math.ceil((windowEnd + margin) / step) * step;
  const bucket = step === 900_000 ? "15min" : "hourly";
  const result = await getSeries(db, { machineIds: [req.machineId], metrics: metricsFor(req.drivers, req.excludeDowntime === true), from: new Date(gridStart), to: new Date(gridEnd), bucket, coverageInputs: true, onlyColumns: FRAME_COLUMNS });
  const grid = gridOf(result.series[0], gridStart, gridEnd, step);
  const temps = grid.col("avg_outdoor_temp_c");
  if (usesTemperature) {
    const [w0, w1] = [(windowStart - gridStart) / step, (windowEnd - gridStart) / step];
    const missing = () => temps.subarray(w0, w1).reduce((n, v) => (Number.isNaN(v) ? n + 1 : n), 0);
    // An hourly feed on a quarter-hour grid holds its value over its hour: not a gap.
    holdWithinHour(temps, step);
    const before = missing();
    fillShortGaps(temps, Math.round(MAX_TEMPERATURE_GAP_HOURS / frame.hoursPerRow));
    frame.interpolatedTemperatureHours = (before - missing()) * frame.hoursPerRow;
  }

  let energies: BucketEnergy[];
  if (periods) energies = periods.map((p) => ({ from: p.from, to: p.to, kwh: p.kwh, coverage: 1 }));
  else {
    const summed = sumEnergy(grid, bounds);
    if (summed.overhang !== null) {
      // Bills in monthly buckets are calendarised pro rata by days; anything else is too fine.
      if (g !== "monthly") throw await granularityTooFine(db, { machineIds: [req.machineId], metrics: ["energy"], from: new Date(windowStart), to: new Date(windowEnd), bucket: g as Exclude<Granularity, "billing_period"> }, g as Exclude<Granularity, "billing_period">, req.machineId, summed.overhang);
      energies = withCalendarisedPeriods(summed.buckets, await readPeriods(db, req.machineId, new Date(windowStart), new Date(windowEnd)), req.timeZone);
      frame.calendarised = true;
    } else energies = summed.buckets;
  }

  const minCoverage = req.minCoverage ?? MIN_COVERAGE;
  const hddBase = req.hddBaseC ?? DEFAULT_HDD_BASE_C;
  const cddBase = req.cddBaseC ?? DEFAULT_CDD_BASE_C;
  const settings = { tz: req.timeZone, hddBase, cddBase, perDay, minCoverage, hoursPerRow: frame.hoursPerRow };
  const readers = req.drivers.map((d) => driverReader(d, grid, settings));
  const running = req.excludeDowntime ? driverReader("running_hours", grid, { ...settings, perDay: false }) : null;
  const values = new Float64Array(req.drivers.length);
  const columns = req.drivers.map((d) => frame.X[d]!);
  for (const e of energies) {
    const { from, to } = e;
    if (e.coverage === 0) {
      frame.dropped.missingEnergy += 1;
      dropBucket(frame, e, "missing_energy");
      continue;
    }
    if (e.coverage < minCoverage) {
      frame.dropped.incomplete += 1;
      dropBucket(frame, e, "incomplete_energy");
      continue;
    }
    const r0 = Math.ceil((from - gridStart) / step);
    const r1 = Math.floor((to - gridStart) / step);
    const days = (to - from) / 86_400_000;
    // Energy as a rate over the time the readings cover: per day, or per bucket.
    const y = perDay ? e.kwh / (e.coverage * days) : e.kwh / e.coverage;
    let missing: string | undefined;
    for (let j = 0; j < readers.length; j++) {
      const v = readers[j]!(r0, r1);
      if (missing === undefined && Number.isNaN(v)) missing = req.drivers[j];
      values[j] = v;
    }
    if (missing !== undefined && !req.keepIncomplete) {
      frame.dropped.missingDrivers[missing] = (frame.dropped.missingDrivers[missing] ?? 0) + 1;
      dropBucket(frame, e, "missing_driver_data", missing);
      continue;
    }
    if (running && running(r0, r1) === 0) {
      frame.dropped.downtime += 1;
      dropBucket(frame, e, "downtime");
      continue;
    }
    if (frame.temperatures) {
      const rowTemps: number[] = [];
      for (let r = r0; r < r1; r++) if (!Number.isNaN(temps[r]!)) rowTemps.push(temps[r]!);
      frame.temperatures.push(rowTemps.length > 0 ? rowTemps : [Number.NaN]);
      // Degree-days of the rows present, as a daily rate or scaled to the bucket.
      frame.scales!.push(perDay ? 24 / (Math.max(1, rowTemps.length) * frame.hoursPerRow) : (r1 - r0) / Math.max(1, rowTemps.length));
    }
    frame.times.push(isoUtc(from));
    frame.y.push(y);
    frame.exposure.push(perDay ? days : 1);
    frame.metered.push(e.kwh);
    frame.coverage.push(e.coverage);
    for (let j = 0; j < columns.length; j++) columns[j]!.push(values[j]!);
  }
  return frame;
}

/** Per bucket, the energy of the grid rows it holds and their coverage; the first bucket a reading overruns. */
function sumEnergy(grid: Grid, bounds: [number, number][]): { buckets: BucketEnergy[]; overhang: number | null } {
  const energy = grid.col("total_energy_kwh");
  const covered = grid.col("covered_s");
  const ends = grid.col("max_reading_end_s");
  let overhang: number | null = null;
  const buckets = bounds.map(([from, to]) => {
    let kwh = 0;
    let seconds = 0;
    const r1 = Math.floor((to - grid.start) / grid.step);
    for (let r = Math.ceil((from - grid.start) / grid.step); r < r1; r++) {
      if (Number.isNaN(energy[r]!)) continue;
      kwh += energy[r]!;
      seconds += covered[r]!;
      if (overhang === null && ends[r]! * 1000 > to) overhang = from;
    }
    return { from, to, kwh, coverage: (seconds * 1000) / (to - from) };
  });
  return { buckets, overhang };
}

function noPeriods(req: FrameRequest): AppError {
  return new AppError(
    "unprocessable",
    `No readings of a day or longer (meter reads, bills) lie wholly within ${formatPlantPeriod(req.start.getTime(), req.end.getTime(), req.timeZone)}: billing_period buckets are the readings' own periods; import bills (kind=bill) or use a calendar granularity`,
  );
}

/**
 * Monthly buckets holding readings longer than a day (bills): those readings are taken out of the
 * buckets they start in and calendarised pro rata by days; the shorter readings stay as summed.
 */
function withCalendarisedPeriods(summed: BucketEnergy[], periods: PeriodReading[], tz: string): BucketEnergy[] {
  const out = summed.map((b) => ({ ...b }));
  for (const p of periods) {
    const b = out.find((x) => p.from >= x.from && p.from < x.to);
    if (!b) continue;
    b.kwh -= p.kwh;
    b.coverage -= (p.to - p.from) / (b.to - b.from);
  }
  const starts = [...out.map((b) => b.from), out.at(-1)!.to];
  calendarise(periods, starts, tz).forEach((c, i) => {
    out[i]!.kwh += c.kwh;
    // Rounding of the subtraction above must not leave a bucket a hair short of whole.
    out[i]!.coverage = Math.max(0, Math.min(1, out[i]!.coverage + c.coverage));
  });
  return out;
}

/**
 * Holds each temperature over the hour after it on a grid finer than an hour (an hourly feed on
 * quarter hours, whether it reads on UTC hours or on local half hours), in place: the rows up to
 * an hour after a value are not gaps.
 */
function holdWithinHour(values: Float64Array, step: number): void {
  const span = Math.round(3_600_000 / step);
  if (span <= 1) return;
  let last = Number.NaN;
  let age = 0;
  for (let r = 0; r < values.length; r++) {
    if (!Number.isNaN(values[r]!)) [last, age] = [values[r]!, 0];
    else if (!Number.isNaN(last) && ++age < span) values[r] = last;
  }
}

function dropBucket(frame: Frame, e: BucketEnergy, reason: DropReason, driver?: string): void {
  frame.droppedBuckets.push(driver === undefined ? { start: e.from, end: e.to, energyKwh: e.kwh, reason } : { start: e.from, end: e.to, energyKwh: e.kwh, reason, driver });
}

interface DriverSettings {
  tz: string;
  hddBase: number;
  cddBase: number;
  /** Calendar buckets: summed drivers and degree-days as daily rates. */
  perDay: boolean;
  minCoverage: number;
  hoursPerRow: number;
}

/**
 * One driver as a function of a bucket's rows [r0, r1): NaN when fewer than `minCoverage` of its
 * rows have a value. Summed drivers are a daily rate in calendar buckets (sum over the rows
 * present ÷ their days) and the bucket's sum otherwise (scaled from the rows present); averages
 * average the rows present; degree-days are per day (calendar) or per bucket; calendar shares are
 * computed from the rows' plant-local times.
 */
function driverReader(d: string, grid: Grid, o: DriverSettings): (r0: number, r1: number) => number {
  if (calendarDrivers.has(d)) {
    const key = d as "is_weekend";
    return (r0, r1) => {
      let total = 0;
      for (let r = r0; r < r1; r++) total += calendarValues(grid.start + r * grid.step, o.tz)[key];
      // hour_of_week is categorical: only ever asked for at fine granularities (one row).
      return total / (r1 - r0);
    };
  }
  const column = temperatureDrivers.has(d) ? "avg_outdoor_temp_c" : columnOf[d];
  if (column === undefined) return () => Number.NaN;
  const values = grid.col(column);
  const transform = d === "hdd" ? (v: number) => Math.max(0, o.hddBase - v) : d === "cdd" ? (v: number) => Math.max(0, v - o.cddBase) : d === "running_hours" ? (v: number) => v / 60 : (v: number) => v;
  const degreeDays = d === "hdd" || d === "cdd";
  const summed = summedDrivers.has(d);
  return (r0, r1) => {
    const rows = r1 - r0;
    let total = 0;
    let present = 0;
    for (let r = r0; r < r1; r++) {
      const raw = values[r]!;
      if (Number.isNaN(raw)) continue;
      present += 1;
      total += transform(raw);
    }
    if (present === 0 || present < o.minCoverage * rows) return Number.NaN;
    // Degree-days: hours × degrees ÷ 24; per day of the rows present, or scaled to the bucket.
    if (degreeDays) return o.perDay ? total / present : ((total * o.hoursPerRow) / 24) * (rows / present);
    if (summed) return o.perDay ? total / ((present * o.hoursPerRow) / 24) : total * (rows / present);
    return total / present;
  };
}
