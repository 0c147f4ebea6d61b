import "server-only";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { predict } from "@/lib/analytics/baseline/model";
import { modelJson, specOf } from "@/lib/analytics/baseline/present";
import { regressionToAppError, siteTimeZone, trainBaseline } from "@/lib/analytics/baseline/train";
import type { insertModel, NewModel } from "@/lib/db/queries/baseline";
import { getMachine } from "@/lib/db/queries/machines";
import type { BaselineModelRow } from "@/lib/db/schema";
import type { Database } from "@/lib/db/types";
import type { TrainInput } from "@/lib/validation/baseline";
import { toColumns } from "./fit-columns";

// A fit that is never stored: the baseline studio refits on every driver toggle, and a version
// per toggle would bury the real ones. Training runs unchanged; only the store step is swapped
// for one that hands the row back with id and version null. It belongs in lib/analytics/baseline
// once train.ts is not being edited concurrently.

const keepUnsaved = ((_db: Database, model: NewModel) =>
  Promise.resolve({
    ...model,
    id: null,
    version: null,
    isActive: false,
    transforms: model.transforms ?? {},
    createdAt: new Date(),
  } as unknown as BaselineModelRow)) satisfies typeof insertModel;

export interface FitBucket {
  time: string;
  actual: number;
  fitted: number;
  residual: number;
  /** The bucket's driver values as the model saw them (per day from daily up, as y). */
  drivers: Record<string, number>;
}

/**
 * The train response (id and version null, dry_run true) plus per-bucket fitted values and
 * residuals: as rows (`buckets: [{time, actual, fitted, residual, drivers}]`), or with
 * `format` "columns" as `bucket_columns` (lib/baseline-studio/fit-columns.ts), the same numbers.
 */
export async function dryRunFit(db: Database, input: TrainInput, format: "rows" | "columns" = "rows") {
  const { model, machineName } = await trainBaseline(db, input, keepUnsaved);
  const spec = specOf(model);
  const machine = await getMachine(db, model.machineId);
  const state = model.state as { hdd_base_c?: number | null; cdd_base_c?: number | null };
  // The training frame again (same window, drivers, degree-day bases, downtime rule): train.ts
  // keeps its frame to itself, and a second read of a few thousand rollup rows is cheap.
  const frame = await buildFrame(db, {
    machineId: model.machineId,
    // The window as training resolved it (dates are the site's wall clock).
    start: new Date(model.trainingStart),
    end: new Date(model.trainingEnd),
    granularity: model.granularity as Granularity,
    drivers: spec.inputs,
    timeZone: await siteTimeZone(db, machine.siteId),
    hddBaseC: state.hdd_base_c ?? undefined,
    cddBaseC: state.cdd_base_c ?? undefined,
    excludeDowntime: input.exclude_downtime,
  });
  let predictions;
  try {
    predictions = predict(spec, frame.y.map((_, i) => Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![i]!]))));
  } catch (error) {
    regressionToAppError(error);
  }
  // Metered kWh against the model's kWh for the same covered time (daily rates × days × coverage).
  const buckets: FitBucket[] = frame.y.map((_, i) => {
    const actual = frame.metered[i]!;
    const fitted = predictions[i]!.value * frame.exposure[i]! * frame.coverage[i]!;
    const drivers = Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![i]!]));
    return { time: frame.times[i]!, actual, fitted, residual: actual - fitted, drivers };
  });
  if (format === "columns") return { ...modelJson(model, machineName), dry_run: true as const, bucket_columns: toColumns(buckets, spec.inputs) };
  return { ...modelJson(model, machineName), dry_run: true as const, buckets };
}
