import "server-only";
import { modelJson, specOf } from "@/lib/analytics/baseline/present";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import type { insertModel, NewModel } from "@/lib/db/queries/baseline";
import type { BaselineModelRow } from "@/lib/db/schema";
import type { Database } from "@/lib/db/types";
import type { TrainInput } from "@/lib/validation/baseline";
import type { FitBucketColumns } from "./fit-columns";

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
  // Training's own frame and fitted values: its X columns are what the model was fitted on
  // (degree-day columns at the bases it found), so neither a second read of the rollups nor a
  // second prediction is needed (on a year of hourly data they were about half the answer's time).
  const { model, machineName, frame, fitted: rates } = await trainBaseline(db, input, keepUnsaved);
  const spec = specOf(model);
  const columns = spec.inputs.map((d) => frame.X[d]!);
  // Metered kWh against the model's kWh for the same covered time (daily rates × days × coverage).
  const fitted = rates.map((r, i) => r * frame.exposure[i]! * frame.coverage[i]!);
  const head = { ...modelJson(model, machineName), dry_run: true as const };
  if (format === "columns") {
    const bucket_columns: FitBucketColumns = {
      time_ms: frame.times.map((t) => Date.parse(t)),
      actual: frame.metered.slice(),
      fitted,
      drivers: Object.fromEntries(spec.inputs.map((d, k) => [d, columns[k]!.slice()])),
    };
    return { ...head, bucket_columns };
  }
  const buckets: FitBucket[] = frame.y.map((_, i) => {
    const actual = frame.metered[i]!;
    const drivers = Object.fromEntries(spec.inputs.map((d, k) => [d, columns[k]![i]!]));
    return { time: frame.times[i]!, actual, fitted: fitted[i]!, residual: actual - fitted[i]!, drivers };
  });
  return { ...head, buckets };
}
