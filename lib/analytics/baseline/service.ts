import { driverNames, granularities } from "@/lib/analytics/drivers/catalogue";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getModel, insertModel } from "@/lib/db/queries/baseline";
import { getMachine } from "@/lib/db/queries/machines";
import type { PredictInput } from "@/lib/validation/baseline";
import { offsetInstant } from "@/lib/validation/dates";
import { modelTypes, predict, whyUnpredictable } from "./model";
import { specOf } from "./present";
import { regressionToAppError } from "./train";
import { baselineUnits } from "./units";

/** Predictions of a stored model for driver values, with prediction intervals. */
export async function predictWithModel(db: Database, input: PredictInput) {
  const row = await getModel(db, input.model_id);
  const spec = specOf(row);
  input.features.forEach((f, i) => {
    const missing = spec.inputs.filter((d) => !(d in f));
    if (missing.length) throw new AppError("bad_request", `features[${i}] lacks ${missing.join(", ")}; this model needs ${spec.inputs.join(", ")}`);
    const unknown = Object.keys(f).filter((k) => !spec.inputs.includes(k));
    if (unknown.length) throw new AppError("bad_request", `features[${i}] has ${unknown.join(", ")}, which this model does not use; it needs ${spec.inputs.join(", ")}`);
    // Named by the request's own position, never by an engine's row index.
    const why = whyUnpredictable(spec, f);
    if (why) throw new AppError("unprocessable", `features[${i}]: ${why.detail}`, { reason: why.reason });
  });
  let predictions;
  try {
    predictions = predict(spec, input.features, input.confidence);
  } catch (error) {
    regressionToAppError(error);
  }
  // Values so far out that the model's arithmetic overflows (1e308 units) answered 200 with
  // predicted_kwh null (JSON has no Infinity): name the feature instead.
  predictions.forEach((p, i) => {
    if (![p.value, p.lower, p.upper].every(Number.isFinite)) {
      throw new AppError("unprocessable", `features[${i}]: the prediction overflows (values too large for the model's arithmetic); give driver values of the size the model was trained on`, { reason: "overflow" });
    }
  });
  return {
    model_id: row.id,
    machine_id: row.machineId,
    model_version: row.version,
    confidence: input.confidence,
    // predicted_kwh, lower and upper are in units.energy (kWh per bucket, or kWh/d daily and coarser).
    units: baselineUnits(row.granularity, spec.featureNames),
    predictions: predictions.map((p) => ({ predicted_kwh: p.value, lower: p.lower, upper: p.upper, extrapolated: p.extrapolated })),
  };
}

const olsStateSchema = z.object({
  version: z.literal(1),
  names: z.array(z.string()),
  hasIntercept: z.boolean(),
  intercept: z.number(),
  coefficients: z.array(z.number()),
  n: z.number().int().positive(),
  p: z.number().int().positive(),
  residualVariance: z.number().min(0),
  xtxInverseFactor: z.array(z.array(z.number())),
  xtxInverse: z.array(z.array(z.number())),
});

const towtStateSchema = z.object({
  version: z.literal(1),
  kind: z.literal("towt"),
  knots: z.object({ occupied: z.array(z.number()).nullable(), unoccupied: z.array(z.number()).nullable() }),
  occupancy: z.array(z.boolean()).length(168),
  extraNames: z.array(z.string()),
  model: z.object({
    version: z.literal(1),
    kind: z.literal("fixed_effects"),
    names: z.array(z.string()),
    coefficients: z.array(z.number()),
    groups: z.array(z.number().int().min(0).max(167)),
    groupEffects: z.array(z.number()),
    groupCounts: z.array(z.number().int().positive()),
    groupMeans: z.array(z.array(z.number())),
    n: z.number().int().positive(),
    p: z.number().int().positive(),
    residualVariance: z.number().min(0),
    xtxInverseFactor: z.array(z.array(z.number())),
    xtxInverse: z.array(z.array(z.number())),
  }),
});

export const importSchema = z.object({
  format: z.literal("enms-baseline-model", { message: 'must be "enms-baseline-model" (a document from the export endpoint)' }),
  format_version: z.literal(1),
  machine_id: z.guid(),
  model_type: z.enum(modelTypes),
  granularity: z.enum(granularities),
  // Catalogue names only, as training takes: a model of an unknown driver can never predict a bucket.
  drivers: z.array(z.enum(driverNames, { message: `must be a driver of the catalogue: ${driverNames.join(", ")}` })).min(1),
  transforms: z.object({ heating_balance_c: z.number().nullable(), cooling_balance_c: z.number().nullable() }),
  coefficients: z.record(z.string(), z.number()),
  intercept: z.number(),
  statistics: z.record(z.string(), z.unknown()),
  state: z.object({
    ols: olsStateSchema.nullable().default(null),
    towt: towtStateSchema.optional(),
    feature_names: z.array(z.string()),
    ranges: z.record(z.string(), z.tuple([z.number(), z.number()])),
    hdd_base_c: z.number().nullable().optional(),
    cdd_base_c: z.number().nullable().optional(),
  }),
  training_start_date: offsetInstant("must be an ISO-8601 timestamp with an offset"),
  training_end_date: offsetInstant("must be an ISO-8601 timestamp with an offset"),
  // Stored in an integer column (int4).
  training_samples: z.number().int().positive().max(2_147_483_647, "must be at most 2147483647"),
});
export type ImportInput = z.infer<typeof importSchema>;

/** Stores an exported model again (as a new version of its machine); it predicts identically. */
export async function importModel(db: Database, doc: ImportInput) {
  await getMachine(db, doc.machine_id);
  const engine = doc.model_type === "towt" ? doc.state.towt?.model : doc.state.ols;
  if (!engine) throw new AppError("bad_request", doc.model_type === "towt" ? "a towt model needs state.towt" : `a ${doc.model_type} model needs state.ols`);
  if (engine.coefficients.length !== doc.state.feature_names.length) {
    throw new AppError("bad_request", "the state's coefficients and state.feature_names differ in length");
  }
  return insertModel(
    db,
    {
      machineId: doc.machine_id,
      modelType: doc.model_type,
      granularity: doc.granularity,
      drivers: doc.drivers,
      transforms: doc.transforms,
      coefficients: doc.coefficients,
      intercept: doc.intercept,
      statistics: doc.statistics,
      state: doc.state,
      trainingStart: new Date(doc.training_start_date),
      trainingEnd: new Date(doc.training_end_date),
      trainingSamples: doc.training_samples,
    },
    "if_none",
  );
}
