import type { Queryable } from "@/lib/db/types";
import type { BaselineModelRow, Machine } from "@/lib/db/schema";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { calendarValues } from "@/lib/analytics/drivers/calendar";
import { predict, whyUnpredictable } from "@/lib/analytics/baseline/model";
import { specOf } from "@/lib/analytics/baseline/present";
import { getSeries } from "@/lib/timeseries/series";
import type { MachineBuckets } from "./types";

// One machine's hourly buckets over the analysis window, read through the series layer (energy,
// power, production rollups with their coverage inputs) and, where the machine has a passing
// hourly baseline, the modelling frame and the model's prediction for each bucket.

export const HOUR_MS = 3_600_000;

/** Why a baseline is not used for residuals, or null when it is. */
export function baselineUnusable(model: BaselineModelRow | null): string | null {
  if (!model) return "no active baseline model";
  if ((model.statistics as { meets_quality_threshold?: boolean }).meets_quality_threshold !== true) return `baseline v${model.version} does not pass its quality checks`;
  if (model.granularity !== "hourly") return `baseline v${model.version} is ${model.granularity}; residuals are judged per hour`;
  return null;
}

export interface ReadRequest {
  machine: Pick<Machine, "id" | "ratedPowerKw">;
  timeZone: string;
  /** Detection window [start, end), snapped inwards to whole hours. */
  start: number;
  end: number;
  /** Buckets read before the window to learn what is normal (robust scales, profiles, base load). */
  referenceMs: number;
  /** The active baseline when it passes (baselineUnusable() null), else null. */
  model: BaselineModelRow | null;
}

export interface ReadResult {
  buckets: MachineBuckets;
  /** A reading longer than an hour: hourly detection cannot judge this machine. */
  overrun: boolean;
}

/**
 * Reads a machine's hourly buckets over [start − referenceMs, end) (whole hours; the window snapped
 * inwards). `overrun` tells that some reading is longer than an hour, and then no expectation is
 * computed. Errors of the series layer and the frame propagate (AppError).
 */
export async function readBuckets(db: Queryable, r: ReadRequest): Promise<ReadResult> {
  const start = Math.ceil(r.start / HOUR_MS) * HOUR_MS;
  const end = Math.max(start, Math.floor(r.end / HOUR_MS) * HOUR_MS);
  const first = Math.floor((start - r.referenceMs) / HOUR_MS) * HOUR_MS;
  const n = (end - first) / HOUR_MS;
  const nan = () => new Float64Array(n).fill(Number.NaN);
  const b: MachineBuckets = {
    times: Array.from({ length: n }, (_, i) => first + i * HOUR_MS),
    stepMs: HOUR_MS,
    from: (start - first) / HOUR_MS,
    energy: nan(),
    coverage: new Float64Array(n),
    avgPowerKw: nan(),
    minPowerKw: nan(),
    maxPowerKw: nan(),
    production: nan(),
    runningMinutes: nan(),
    hourOfWeek: new Int16Array(n),
    expected: nan(),
    drivers: {},
    ratedPowerKw: r.machine.ratedPowerKw ?? null,
    hasProduction: false,
  };
  for (let i = 0; i < n; i++) b.hourOfWeek[i] = calendarValues(b.times[i]!, r.timeZone).hour_of_week;
  if (n === 0) return { buckets: b, overrun: false };
  const series = await getSeries(db, { machineIds: [r.machine.id], metrics: ["energy", "power", "production"], from: new Date(first), to: new Date(end), bucket: "hourly", coverageInputs: true });
  const s = series.series[0];
  let overrun = false;
  if (s) {
    const col = (name: string) => s.values[name] ?? [];
    const [energy, covered, ends, avg, min, max, production, running] = ["total_energy_kwh", "covered_s", "max_reading_end_s", "avg_power_kw", "min_power_kw", "max_power_kw", "total_production_count", "running_minutes"].map(col);
    s.times.forEach((t, k) => {
      const i = (t - first) / HOUR_MS;
      if (!Number.isInteger(i) || i < 0 || i >= n) return;
      const v = (a: (number | null)[] | undefined) => a?.[k] ?? Number.NaN;
      if (v(ends) * 1000 > t + HOUR_MS) overrun = true;
      b.energy[i] = v(energy);
      b.coverage[i] = Number.isFinite(v(covered)) ? (v(covered) * 1000) / HOUR_MS : 0;
      b.avgPowerKw[i] = v(avg);
      b.minPowerKw[i] = v(min);
      b.maxPowerKw[i] = v(max);
      b.production[i] = v(production);
      b.runningMinutes[i] = v(running);
      if (Number.isFinite(b.production[i]) || Number.isFinite(b.runningMinutes[i])) b.hasProduction = true;
    });
  }
  if (r.model && !overrun) await addExpected(db, r, b, first, end);
  return { buckets: b, overrun };
}

/** The baseline's expected energy (kWh for the covered time, as POST /baseline/deviation) and driver values per bucket. */
async function addExpected(db: Queryable, r: ReadRequest, b: MachineBuckets, first: number, end: number): Promise<void> {
  const model = r.model!;
  const spec = specOf(model);
  const state = model.state as { hdd_base_c?: number | null; cdd_base_c?: number | null };
  const frame = await buildFrame(db, {
    machineId: r.machine.id,
    start: new Date(first),
    end: new Date(end),
    granularity: "hourly",
    drivers: spec.inputs,
    timeZone: r.timeZone,
    hddBaseC: state.hdd_base_c ?? undefined,
    cddBaseC: state.cdd_base_c ?? undefined,
  });
  for (const d of spec.inputs) b.drivers[d] = new Float64Array(b.times.length).fill(Number.NaN);
  const usable: number[] = [];
  const rows: Record<string, number>[] = [];
  frame.times.forEach((time, k) => {
    const i = (Date.parse(time) - first) / HOUR_MS;
    const row = Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![k]!]));
    for (const d of spec.inputs) b.drivers[d]![i] = row[d]!;
    if (whyUnpredictable(spec, row) === null) {
      usable.push(k);
      rows.push(row);
    }
  });
  if (rows.length === 0) return;
  const predictions = predict(spec, rows);
  usable.forEach((k, j) => {
    const i = (Date.parse(frame.times[k]!) - first) / HOUR_MS;
    b.expected[i] = predictions[j]!.value * frame.coverage[k]!;
  });
}
