import { calendarValues } from "@/lib/analytics/drivers/calendar";
import { HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import { predict, TEMPERATURE, whyUnpredictable, type ModelSpec } from "@/lib/analytics/baseline/model";
import type { Band, Forecaster } from "./engine";
import { sameLocalTimeBefore, valueAt, type HourlySeries } from "./hours";
import { MIN_ATTAINMENT_HOURS, planAttainment, planCalibration, plannedAt, type PlannedSeries } from "./plans";

// The active baseline as a forecaster: the model's own prediction for each hour from its driver
// values, with its prediction interval (t-based, from the model's residual variance). Calendar
// drivers come from the hour itself (plant time); degree-days from the hour's temperature and the
// model's bases (an hour's degree-days = max(0, base − T) / 24, as the frame computes them);
// every other driver, hour by hour: given in the request; else planned (the plant's plan or
// weather forecast as published at or before the origin; planned output and running hours scaled
// by the plan attainment measured over the 4 weeks before the origin); else assumed: the mean of
// the same plant hour of week over the last 4 weeks before the origin. Given the machine's metered
// energy, every forecast from an origin is moved by the level correction measured before it
// (levelCorrection, below).

const CALENDAR = new Set(["is_weekend", "shift_early", "shift_late", "shift_night", HOUR_OF_WEEK]);
export const ASSUMPTION_WEEKS = 4;
/** Drivers a plan states at the line's nominal rate, which lines achieve only in part (plan attainment). */
export const ATTAINED: ReadonlySet<string> = new Set(["total_production_count", "avg_throughput", "running_hours"]);

/** The measured series a model's inputs are computed from (hdd and cdd come from the temperature). */
export function rawDrivers(spec: ModelSpec): string[] {
  const out = new Set<string>();
  for (const d of spec.inputs) {
    if (CALENDAR.has(d)) continue;
    out.add(d === "hdd" || d === "cdd" ? TEMPERATURE : d);
  }
  return [...out];
}

export interface BaselineForecastInput {
  spec: ModelSpec;
  timeZone: string;
  hddBaseC: number;
  cddBaseC: number;
  /** Hourly history of each raw driver (rawDrivers). */
  history: Record<string, HourlySeries>;
  /** Values given for the hours from `origin` on (the request's drivers), per raw driver. */
  given?: { origin: number; values: Record<string, number[]> };
  /** Planned values per raw driver (every issue; read as known at each origin). */
  planned?: Record<string, PlannedSeries>;
  /** The machine's metered energy (kWh per hour): when given, forecasts carry the level correction. */
  energy?: HourlySeries;
}

/** Hours before an origin over which the level correction is measured: the last day (a whole daily cycle). */
export const LEVEL_WINDOW_HOURS = 24;
/** Fewer residuals than this in the window (90 % of it, the frame's coverage rule) and there is no level correction. */
export const MIN_LEVEL_HOURS = 22;

/**
 * The intercept correction at `origin` (Clements & Hendry, "Forecasting Economic Time Series",
 * 1998, ch. 8; "Intercept corrections and structural change", J. Applied Econometrics 11, 1996):
 * the mean residual, actual − the model's prediction from the drivers as metered, over the
 * LEVEL_WINDOW_HOURS hours before the origin (kWh per hour; `hours`: how many had an actual and a
 * prediction). A shift the model never saw (a leak, a stuck valve, wear) shows there with the
 * production, weather and calendar already accounted for, and is carried over the whole horizon
 * unchanged. Only data before the origin is read. 0 without `energy` or with fewer than
 * MIN_LEVEL_HOURS such hours. The last day rather than a longer window because a shift that has
 * ended must stop being corrected for: with a week's window, a stuck valve repaired two days
 * before an origin was carried into the next week (README, "Forecast accuracy").
 */
export function levelCorrection(input: BaselineForecastInput, origin: number): { kwh: number; hours: number } {
  if (!input.energy) return { kwh: 0, hours: 0 };
  const from = origin - LEVEL_WINDOW_HOURS * 3_600_000;
  const hours = Array.from({ length: LEVEL_WINDOW_HOURS }, (_, h) => from + h * 3_600_000);
  const metered = Object.fromEntries(rawDrivers(input.spec).map((d) => [d, hours.map((t) => (input.history[d] ? valueAt(input.history[d], t) : Number.NaN))]));
  const rows = baselineRows({ ...input, planned: undefined, given: { origin: from, values: metered } }, from, hours);
  const ok = rows.map((r, h) => whyUnpredictable(input.spec, r) === null && !Number.isNaN(valueAt(input.energy!, hours[h]!)));
  const usable = rows.filter((_, h) => ok[h]);
  if (usable.length < MIN_LEVEL_HOURS) return { kwh: 0, hours: usable.length };
  const predicted = predict(input.spec, usable);
  let sum = 0;
  let k = 0;
  hours.forEach((t, h) => {
    if (ok[h]) sum += valueAt(input.energy!, t) - predicted[k++]!.value;
  });
  return { kwh: sum / usable.length, hours: usable.length };
}

/**
 * A driver's planned value for hour `t` as known at `origin`, NaN when the plan has none. Planned
 * output, throughput and running hours are calibrated on the ATTAINMENT_WEEKS weeks before the
 * origin with plans as old as this one (planCalibration at the hour's lead, in whole days): a
 * planned value above 0 is multiplied by the plan attainment at that lead; a planned 0 becomes the
 * mean metered over past hours planned 0 at the same lead, day type and local hour (shifts added
 * after publication), 0 where there were none. Under MIN_ATTAINMENT_HOURS planned hours at the lead,
 * the attainment measured with plans as known at the origin (planAttainment) and a planned 0 as 0.
 * Set-points and weather forecasts are used as published.
 */
export function plannedValue(input: Pick<BaselineForecastInput, "planned" | "history" | "timeZone">, driver: string, t: number, origin: number, attainment: Map<string, Calibration>): number {
  const series = input.planned?.[driver];
  const p = plannedAt(series, t, origin);
  if (Number.isNaN(p) || !ATTAINED.has(driver)) return p;
  const leadDays = Math.max(0, Math.floor((t - origin) / 86_400_000));
  const key = `${driver}@${origin}@${leadDays}`;
  let c = attainment.get(key);
  if (c === undefined) {
    const cal = planCalibration(series, input.history[driver], origin, leadDays * 86_400_000, (h) => bucketOf(h, input.timeZone));
    c = cal.hours >= MIN_ATTAINMENT_HOURS ? cal : { ratio: planAttainment(series, input.history[driver], origin).ratio, unplanned: null };
    attainment.set(key, c);
  }
  if (p > 0 || !c.unplanned) return p * c.ratio;
  const u = c.unplanned[bucketOf(t, input.timeZone)]!;
  return Number.isNaN(u) ? 0 : u;
}

/** A driver's plan calibration at an origin and lead (planCalibration; unplanned null: planned 0 stays 0). */
export type Calibration = { ratio: number; unplanned: Float64Array | null };

/** Plant day type (weekday 0, weekend 1) × local hour of an hour: 0–47. */
function bucketOf(t: number, timeZone: string): number {
  const c = calendarValues(t, timeZone);
  return c.is_weekend * 24 + (c.hour_of_week % 24);
}

/** Mean of a driver at the same plant hour of week over the last weeks before the origin (NaN when none). */
export function assumedValue(series: HourlySeries | undefined, t: number, origin: number, timeZone: string): number {
  if (!series) return Number.NaN;
  let sum = 0;
  let n = 0;
  for (let k = 1; k <= ASSUMPTION_WEEKS + 1 && n < ASSUMPTION_WEEKS; k++) {
    const s = sameLocalTimeBefore(t, 7 * k, timeZone);
    if (s >= origin) continue;
    const v = valueAt(series, s);
    if (!Number.isNaN(v)) [sum, n] = [sum + v, n + 1];
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** The model's input values for each hour (a driver with no value is NaN). */
export function baselineRows(input: BaselineForecastInput, origin: number, hours: number[], attainment = new Map<string, Calibration>()): Record<string, number>[] {
  const raws = rawDrivers(input.spec);
  const given = input.given?.origin === origin ? input.given.values : {};
  const value = (r: string, t: number, h: number) => {
    const g = given[r]?.[h];
    if (g !== undefined) return g;
    const p = plannedValue(input, r, t, origin, attainment);
    return Number.isNaN(p) ? assumedValue(input.history[r], t, origin, input.timeZone) : p;
  };
  const rawValues = Object.fromEntries(raws.map((r) => [r, hours.map((t, h) => value(r, t, h))]));
  return hours.map((t, h) => {
    const cal = calendarValues(t, input.timeZone);
    const temp = rawValues[TEMPERATURE]?.[h] ?? Number.NaN;
    const row: Record<string, number> = {};
    for (const d of input.spec.inputs) {
      if (CALENDAR.has(d)) row[d] = cal[d as keyof typeof cal];
      else if (d === "hdd") row[d] = Math.max(0, input.hddBaseC - temp) / 24;
      else if (d === "cdd") row[d] = Math.max(0, temp - input.cddBaseC) / 24;
      else row[d] = rawValues[d]![h]!;
    }
    return row;
  });
}

/**
 * The baseline method: the model's prediction from the drivers as given, planned or assumed, plus
 * the level correction at the origin when `input.energy` is given (it moves the model's interval
 * with it). Own intervals only when every driver is given.
 */
export function baselineForecaster(input: BaselineForecastInput, name: "baseline" | "baseline_without_plan" = "baseline"): Forecaster {
  const attainment = new Map<string, Calibration>();
  const levels = new Map<number, number>();
  const levelAt = (origin: number) => {
    let c = levels.get(origin);
    if (c === undefined) levels.set(origin, (c = levelCorrection(input, origin).kwh));
    return c;
  };
  const bandAt = (origin: number, hours: number[]): Band => {
    const c = levelAt(origin);
    const rows = baselineRows(input, origin, hours, attainment);
    const ok = rows.map((r) => whyUnpredictable(input.spec, r) === null);
    const usable = rows.filter((_, h) => ok[h]);
    const p80 = usable.length ? predict(input.spec, usable, 0.8) : [];
    const p95 = usable.length ? predict(input.spec, usable, 0.95) : [];
    const spread = <T>(values: T[], pick: (v: T) => number) => {
      let k = 0;
      return ok.map((good) => (good ? pick(values[k++]!) + c : Number.NaN));
    };
    return {
      expected: spread(p95, (p) => p.value),
      lower80: spread(p80, (p) => p.lower),
      upper80: spread(p80, (p) => p.upper),
      lower95: spread(p95, (p) => p.lower),
      upper95: spread(p95, (p) => p.upper),
    };
  };
  const point = (origin: number, hours: number[]) => bandAt(origin, hours).expected;
  // The model's prediction interval holds only when every driver is known; with assumed or
  // planned drivers their error is missing from it (measured: 47 % of actuals inside a "95 %"
  // interval on a machine whose production varies), so those forecasts get empirical intervals.
  const given = input.given;
  const allGiven = given !== undefined && rawDrivers(input.spec).every((d) => given.values[d] !== undefined);
  return allGiven ? { name, point, band: bandAt } : { name, point };
}

/**
 * The baseline fed each hour's metered drivers, as if planned production and the weather forecast
 * had been exact: in backtests, the bound a baseline forecast with good planned inputs approaches.
 * No level correction: the model alone.
 */
export function baselineExPostForecaster(input: BaselineForecastInput): Forecaster {
  const at = (origin: number, hours: number[]) =>
    baselineForecaster({ ...input, planned: undefined, energy: undefined, given: { origin, values: Object.fromEntries(rawDrivers(input.spec).map((d) => [d, hours.map((t) => valueAt(input.history[d] ?? { start: 0, values: new Float64Array(0) }, t))])) } });
  return { name: "baseline_ex_post", point: (o, h) => at(o, h).point(o, h), band: (o, h) => at(o, h).band!(o, h) };
}
