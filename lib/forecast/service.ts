import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getActiveModel } from "@/lib/db/queries/baseline";
import { getMachine, listMachines } from "@/lib/db/queries/machines";
import { DEFAULT_CDD_BASE_C, DEFAULT_HDD_BASE_C } from "@/lib/analytics/drivers/catalogue";
import { specOf } from "@/lib/analytics/baseline/present";
import { siteTimeZone } from "@/lib/analytics/baseline/train";
import type { BaselineModelRow } from "@/lib/db/schema";
import type { ModelSpec } from "@/lib/analytics/baseline/model";
import { arimaForecast } from "./arima";
import { baselineExPostForecaster, baselineForecaster, rawDrivers } from "./baseline-method";
import { normalBand, sumForecaster, sumSeries, type Forecaster, type ScoredMethod } from "./engine";
import { DAY, HOUR, type HourlySeries } from "./hours";
import { readHourlyHistory, lastReadingEnd } from "./read";
import { combinedForecaster } from "./combine";
import { readPlannedDrivers, type PlannedSeries } from "./plans";
import { persistenceForecast, seasonalForecast } from "./seasonal";

// Loads what the methods need for a machine or the plant and builds their forecasters: the
// hourly history up to the forecast origin (the first whole hour after the last reading), and,
// for the baseline method, the active model with its drivers' history.

/**
 * Weeks of history read before the origin: 4 for the seasonal window, 3 for the interval origins,
 * 3 for their calibration origins, 3 for the combined method's weight origins, 1 spare.
 */
export const HISTORY_WEEKS = 14;

export interface Scope {
  /** A machine id, or "plant". */
  id: string;
  timeZone: string;
  /** First whole hour after the last reading (epoch ms); the plant: the earliest of its machines'. */
  origin: number;
  lastReadingEnd: number;
  machines: MachineData[];
  /** The metered energy of the scope (a plant: the sum of its machines; NaN where any lacks the hour). */
  actual: HourlySeries;
}

export interface MachineData {
  id: string;
  name: string;
  energy: HourlySeries;
  /** The active hourly model and its drivers' history, or why the baseline method cannot run. */
  baseline:
    | {
        row: BaselineModelRow;
        spec: ModelSpec;
        drivers: Record<string, HourlySeries>;
        /** Planned values of the raw drivers (table planned_drivers), every issue, from the history's start to a week past the origin. */
        planned: Record<string, PlannedSeries>;
        hddBaseC: number;
        cddBaseC: number;
      }
    | { unavailable: string };
}

async function activeHourlyModel(db: Database, machineId: string): Promise<{ row: BaselineModelRow; spec: ModelSpec } | { unavailable: string }> {
  let row: BaselineModelRow;
  try {
    row = await getActiveModel(db, machineId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { unavailable: error.message };
    throw error;
  }
  if (row.granularity !== "hourly") {
    return { unavailable: `the active baseline (version ${row.version}) is ${row.granularity}; the baseline method forecasts hours with an hourly model: train one at granularity hourly` };
  }
  return { row, spec: specOf(row) };
}

/**
 * Reads a machine or the plant (every active machine) with `weeks` weeks of history before its
 * origin. Throws AppError 404 for an unknown machine, 422 when it has no readings.
 */
export async function loadScope(db: Database, id: string, weeks: number = HISTORY_WEEKS): Promise<Scope> {
  const list = id === "plant" ? (await listMachines(db)).filter((m) => m.isActive) : [await getMachine(db, id)];
  if (list.length === 0) throw new AppError("unprocessable", "The plant has no active machines to forecast");
  const zones = [...new Set(await Promise.all(list.map((m) => siteTimeZone(db, m.siteId))))];
  if (zones.length > 1) throw new AppError("unprocessable", `The plant's machines are in several time zones (${zones.join(", ")}); forecast them one by one`);
  const timeZone = zones[0]!;
  const ends = await Promise.all(list.map((m) => lastReadingEnd(db, m.id)));
  const silent = list.filter((_, i) => ends[i] === null);
  if (silent.length > 0) throw new AppError("unprocessable", `No energy readings for ${silent.map((m) => m.name).join(", ")}: nothing to forecast from`);
  const last = Math.min(...(ends as number[]));
  const origin = Math.ceil(last / HOUR) * HOUR;
  const start = origin - weeks * 7 * DAY;
  const machines = await Promise.all(
    list.map(async (m): Promise<MachineData> => {
      const model = await activeHourlyModel(db, m.id);
      const raws = "spec" in model ? rawDrivers(model.spec) : [];
      const history = await readHourlyHistory(db, m.id, start, origin, timeZone, raws);
      if (!("spec" in model)) return { id: m.id, name: m.name, energy: history.energy, baseline: model };
      const planned = await readPlannedDrivers(db, m.id, raws, start, origin + 7 * DAY);
      const bases = model.row.state as { hdd_base_c?: number | null; cdd_base_c?: number | null };
      return {
        id: m.id,
        name: m.name,
        energy: history.energy,
        baseline: { ...model, drivers: history.drivers, planned, hddBaseC: bases.hdd_base_c ?? DEFAULT_HDD_BASE_C, cddBaseC: bases.cdd_base_c ?? DEFAULT_CDD_BASE_C },
      };
    }),
  );
  // The zone rides on the series so a message about it (too little history before …) gives plant time.
  const actual = { ...(machines.length === 1 ? machines[0]!.energy : sumSeries(machines.map((m) => m.energy), start, origin)), timeZone };
  return { id, timeZone, origin, lastReadingEnd: last, machines, actual };
}

/** Why the baseline method cannot run on a scope (null: it can). */
export function baselineUnavailable(scope: Scope): string | null {
  const reasons = scope.machines.flatMap((m) => ("unavailable" in m.baseline ? [`${m.name}: ${m.baseline.unavailable}`] : []));
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/** The persistence reference (same plant hour a week earlier) of one machine's series. */
function persistenceOf(energy: HourlySeries, timeZone: string): Forecaster {
  return { name: "persistence", point: (origin, hours) => persistenceForecast(energy, hours, origin, timeZone) };
}

function seasonalOf(energy: HourlySeries, timeZone: string): Forecaster {
  return { name: "seasonal", point: (origin, hours) => seasonalForecast(energy, hours, origin, timeZone) };
}

function arimaOf(energy: HourlySeries, timeZone: string): Forecaster {
  return {
    name: "arima",
    point: (origin, hours) => arimaForecast(energy, hours, origin, timeZone).expected,
    band: (origin, hours) => {
      const f = arimaForecast(energy, hours, origin, timeZone);
      return normalBand(f.expected, f.variance);
    },
  };
}

/** Does any machine of the scope have planned values for a driver its baseline reads. */
export function hasPlan(scope: Scope): boolean {
  return scope.machines.some((m) => !("unavailable" in m.baseline) && Object.values(m.baseline.planned).some((p) => p.size > 0));
}

/**
 * The forecaster of a method over a scope. A plant's is the sum of its machines' point forecasts,
 * without intervals of its own (bandOf then measures them on the plant's total). `given` holds the
 * request's drivers for the hours from the origin (baseline and combined only). The baseline reads the stored
 * plan unless `plan` is false; baseline_without_plan is the baseline that never does.
 */
export function forecasterFor(scope: Scope, method: ScoredMethod, given?: Record<string, number[]>, plan = true): Forecaster {
  // Combined on the scope's total (a plant: the summed baseline and seasonal forecasts), its weight from the scope's errors.
  if (method === "combined") return combinedForecaster(forecasterFor(scope, "baseline", given, plan), forecasterFor(scope, "seasonal"), scope.actual);
  const one = (m: MachineData): Forecaster => {
    if (method === "persistence") return persistenceOf(m.energy, scope.timeZone);
    if (method === "seasonal") return seasonalOf(m.energy, scope.timeZone);
    if (method === "arima") return arimaOf(m.energy, scope.timeZone);
    if ("unavailable" in m.baseline) throw new AppError("unprocessable", `The baseline method cannot forecast ${m.name}: ${m.baseline.unavailable}`);
    const b = m.baseline;
    const input = { spec: b.spec, timeZone: scope.timeZone, hddBaseC: b.hddBaseC, cddBaseC: b.cddBaseC, history: b.drivers, energy: m.energy };
    if (method === "baseline_ex_post") return baselineExPostForecaster(input);
    const planned = plan && method === "baseline" ? { planned: b.planned } : {};
    return baselineForecaster({ ...input, ...planned, ...(given ? { given: { origin: scope.origin, values: given } } : {}) }, method === "baseline_without_plan" ? method : "baseline");
  };
  if (scope.machines.length === 1) return one(scope.machines[0]!);
  return sumForecaster(method, scope.machines.map(one));
}
